package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.core.testing.TestValidator;
import io.smarthost.core.validation.RelayInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.smarthost.panel.testkit.TestHostServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start's warm-up reads what a bulk change over every domain reads, and changes nothing: not the store, not
 * the mail server, whether the domains have no relay, share a bulk change's record, or some have their own.
 */
class WarmUpTest {
    @TempDir
    Path home;

    @Test
    void theWarmUpOfManyDomainsChangesNothing() {
        TestHostServices host = new TestHostServices(home);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < SmarthostService.BULK_WARM_UP_FROM + 10; i++) {
            names.add("d" + i + ".example");
            host.domains().add("d" + i + ".example", "alice");
        }
        RecordingMailBackend backend = RecordingMailBackend.full("postfix");
        SmarthostService service = FixedClockService.of(host, backend, TestValidator.get());

        // no relay yet: readied all the same (the first bulk change ever)
        assertEquals(names.size(), assertUnchangedByWarmUp(host, backend, service), "readied with no settings");
        assertTrue(backend.domains().isEmpty());

        // every domain in one bulk change's record (the same domains: the record alone would change)
        service.bulkUpdate(names, RelayInput.builder().host("[bulk.example]:587").login("bulk", "bulk-pw").build(),
                Confirm.NONE);
        assertEquals(names.size(), assertUnchangedByWarmUp(host, backend, service), "readied over every domain");

        // some with their own settings, some turned off
        service.updateDomain("d7.example", RelayInput.builder().host("[own.example]:587").build());
        service.disableDomain("d8.example");
        assertEquals(names.size(), assertUnchangedByWarmUp(host, backend, service));
        assertEquals("own.example", backend.domains().get("d7.example").address().host());
        assertEquals(SmarthostService.BULK_WARM_UP_FROM + 9, backend.domains().size());
    }

    @Test
    void fewDomainsWarmUpToo() {
        TestHostServices host = new TestHostServices(home);
        host.domains().add("a.example", "alice");
        RecordingMailBackend backend = RecordingMailBackend.full("postfix");
        SmarthostService service = FixedClockService.of(host, backend, TestValidator.get());
        service.updateDomain("a.example", RelayInput.builder().host("[own.example]:587").build());
        assertEquals(0, assertUnchangedByWarmUp(host, backend, service), "no bulk path below the threshold");
    }

    /** The count decides, one below the threshold and at it; and a warm-up without the bulk path readies none. */
    @Test
    void theThresholdAndTheBulkSwitch() {
        TestHostServices host = new TestHostServices(home);
        for (int i = 0; i < SmarthostService.BULK_WARM_UP_FROM - 1; i++) {
            host.domains().add("d" + i + ".example", "alice");
        }
        RecordingMailBackend backend = RecordingMailBackend.full("postfix");
        SmarthostService service = FixedClockService.of(host, backend, TestValidator.get());
        assertEquals(0, assertUnchangedByWarmUp(host, backend, service), "one domain below the threshold");
        host.domains().add("last.example", "alice");
        assertEquals(SmarthostService.BULK_WARM_UP_FROM, assertUnchangedByWarmUp(host, backend, service), "at it");
        assertEquals(0, service.warmUp(false), "the bulk path left out (the domain level hidden)");
    }

    /** The panel's own name checks are looser than the plugin's (example.123): such a name does not stop the warm-up. */
    @Test
    void aPanelNameTheChecksRefuseDoesNotStopTheWarmUp() {
        TestHostServices host = new TestHostServices(home);
        for (int i = 0; i < SmarthostService.BULK_WARM_UP_FROM + 10; i++) {
            host.domains().add("d" + i + ".example", "alice");
        }
        host.domains().add("legacy.123", "alice");
        RecordingMailBackend backend = RecordingMailBackend.full("postfix");
        SmarthostService service = FixedClockService.of(host, backend, TestValidator.get());
        service.updateDomain("d1.example", RelayInput.builder().host("[own.example]:587").build());
        // throws if the warm-up does; the name is left out
        assertEquals(SmarthostService.BULK_WARM_UP_FROM + 10, assertUnchangedByWarmUp(host, backend, service));
    }

    /** Over how many domains the warm-up readied a bulk change. */
    private static int assertUnchangedByWarmUp(TestHostServices host, RecordingMailBackend backend,
                                               SmarthostService service) {
        Map<String, String> before = new TreeMap<>(host.store().rawValues());
        int applies = backend.applies().size();
        int readied = service.warmUp();
        assertEquals(before, new TreeMap<>(host.store().rawValues()));
        assertEquals(applies, backend.applies().size(), "nothing applied");
        return readied;
    }
}
