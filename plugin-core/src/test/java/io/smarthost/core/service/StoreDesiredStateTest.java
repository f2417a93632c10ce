package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.relay.Relay;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.core.validation.RelayValidator;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreDesiredStateTest {
    @TempDir
    Path home;

    @Test
    void streamsDomainsAndAliasesInNameOrderSkippingDisabledAndDeleted() throws Exception {
        TestHostServices host = new TestHostServices(home);
        host.domains().add("zeta.com", "a", "alpha.org", "zz.net");
        host.domains().add("mid.com", "b", "mid-alias.com");
        host.domains().add("off.com", "c", "b-off.org");
        host.domains().add("gone.com", "d");
        try (RelayValidator validator = new RelayValidator(getClass().getClassLoader())) {
            SmarthostService service = new SmarthostService(host, List.of(RecordingMailBackend.full("postfix")),
                    validator, Clock.systemUTC());
            RelayInput relay = RelayInput.builder().host("[relay.example.com]:25").encryption("none").build();
            service.bulkUpdate(List.of("zeta.com", "mid.com", "off.com", "gone.com"), relay, Confirm.NONE);
            service.disableDomain("off.com");
            host.domains().remove("gone.com"); // deleted while the plugin was not told
        }
        List<String> order = new ArrayList<>();
        long count = host.store().inTransaction(tx -> {
            StoreDesiredState state = new StoreDesiredState(tx, host.domains());
            state.forEachDomain((name, r) -> order.add(name));
            assertTrue(state.domain("zz.net").isPresent(), "alias follows its domain");
            assertTrue(state.domain("b-off.org").isEmpty(), "alias of a disabled domain");
            assertTrue(state.domain("gone.com").isEmpty(), "deleted domain");
            return state.domainCount();
        });
        assertEquals(List.of("alpha.org", "mid-alias.com", "mid.com", "zeta.com", "zz.net"), order);
        assertEquals(5, count);
    }

    /**
     * Benchmark (prints figures, asserts only behaviour): one domain's change must cost the same with
     * 100 or 100,000 domains. Run: {@code mvn -pl plugin-core test -Dtest=StoreDesiredStateTest}.
     */
    @Test
    void oneDomainChangeCostsTheSameWhateverTheNumberOfDomains() throws Exception {
        for (int size : new int[] {100, 100_000}) {
            TestHostServices host = new TestHostServices(home.resolve("n" + size));
            RecordingMailBackend backend = RecordingMailBackend.full("postfix");
            for (int i = 0; i < size; i++) {
                host.domains().add(String.format("d%06d.example", i), "owner");
            }
            host.store().inTransaction(tx -> {
                String json = RelayCodec.write(new RelaySettings(true,
                        java.util.Optional.of(io.smarthost.core.relay.RelayAddress.parse("[relay.example.com]", 25)),
                        io.smarthost.core.relay.Encryption.NONE, true, false, "", false, "custom", java.time.Instant.now()));
                for (int i = 0; i < size; i++) {
                    tx.put(StoreKeys.DOMAIN_PREFIX + String.format("d%06d.example", i), json);
                }
                return null;
            });
            try (RelayValidator validator = new RelayValidator(getClass().getClassLoader())) {
                SmarthostService service = new SmarthostService(host, List.of(backend), validator, Clock.systemUTC());
                RelayInput input = RelayInput.builder().host("[smtp.sendgrid.net]").login("apikey", "k").build();
                for (int i = 0; i < 200; i++) { // warm-up
                    service.updateDomain("d000050.example", input);
                }
                int runs = 1000;
                long start = System.nanoTime();
                for (int i = 0; i < runs; i++) {
                    service.updateDomain(String.format("d%06d.example", i % 100), input);
                }
                double micros = (System.nanoTime() - start) / 1000.0 / runs;
                System.out.printf("BENCHMARK updateDomain with %,d domains: %.1f us per change (store, validation,"
                        + " backend apply, action log)%n", size, micros);
                Relay last = backend.applies().get(backend.applies().size() - 1).domainsSeen().values().iterator().next();
                assertEquals("smtp.sendgrid.net", last.address().host());
                assertEquals(1, backend.applies().get(backend.applies().size() - 1).changes().senderDomains().size());
            }
        }
    }
}
