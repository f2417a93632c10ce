package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reviewer's cases: many names refused as few are (names the panel stores but the name checks refuse, a null), and
 * a Unicode list filter that finds the same rows in every order, folded as names are stored (straße is strasse).
 */
class ManyNamesAndFiltersTest {
    static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
    @TempDir
    Path home;

    /** The panel stores example.123 / 1.2.3.4 / xn--bx-0cb.example (its LABEL regex); the plugin's ascii() refuses them. */
    @Test
    void manyNamesRefuseWhatFewRefuseAmongThePanelsOwnNames() {
        TestHostServices host = new TestHostServices(home);
        List<String> names = sixThousandDomains(host);
        for (String odd : List.of("example.123", "1.2.3.4", "xn--zz.example", "xn--a-ecp.example")) { // no IDN; a compatibility character (⒈)
            host.domains().add(odd, "alice");
            String few = assertThrows(UnknownDomainException.class,
                    () -> DomainNames.resolveAll(host.domains(), List.of("d1.example", odd))).getMessage();
            assertEquals("domain: '" + odd + "' is not a valid domain name", few, "the name refused is named");
            List<String> asked = new ArrayList<>(names);
            asked.add(odd);
            String many = assertThrows(UnknownDomainException.class,
                    () -> DomainNames.resolveAll(host.domains(), asked), odd).getMessage();
            assertEquals(few, many, odd);
        }
    }

    /**
     * straße.example is stored as xn--strae-oqa.example (IDNA 2008, host and plugin; IDNA 2003 made it
     * strasse.example, another domain): the filters "straße" and "STRAẞE" find it, "strasse" finds the other one.
     */
    @Test
    void aFilterWithSharpSOrFullwidthLettersFindsTheDomainAsShown() throws Exception {
        TestHostServices host = new TestHostServices(home);
        SmarthostService service = service(host);
        String stored = io.smarthost.panel.api.Punycode.toAscii("straße.example").orElseThrow();
        assertEquals("xn--strae-oqa.example", stored);
        relayed(host, stored);
        relayed(host, "strasse.example");
        for (String filter : List.of("straße", "straße.example", "STRAẞE", "ｓｔｒａß")) {
            for (ListOrder order : List.of(ListOrder.DOMAIN, ListOrder.RELAY)) {
                var page = service.list(filter, order, false, 0, 10);
                assertEquals(1, page.total(), filter + " " + order);
                assertEquals(stored, page.items().get(0).domain(), filter + " " + order);
            }
        }
        for (ListOrder order : List.of(ListOrder.DOMAIN, ListOrder.RELAY)) {
            assertEquals(1, service.list("ＳＴＲＡＳＳＥ", order, false, 0, 10).total(), "full-width: strasse " + order);
        }
        assertEquals(2, service.list("stra", ListOrder.DOMAIN, false, 0, 10).total());
    }

    @Test
    void everyOrderFindsTheSameRowsForAUnicodeFilter() throws Exception {
        TestHostServices host = new TestHostServices(home);
        SmarthostService service = service(host);
        String stored = "xn--bx-0cb.example"; // bȸx.example: the panel stores it (its LABEL regex)
        relayed(host, stored);
        assertEquals(service.list("ȸ", ListOrder.DOMAIN, false, 0, 10).total(),
                service.list("ȸ", ListOrder.RELAY, false, 0, 10).total());
    }

    @Test
    void aNullNameAmongManyIsRefusedAsAmongFew() {
        TestHostServices host = new TestHostServices(home);
        List<String> names = sixThousandDomains(host);
        List<String> few = new ArrayList<>(List.of("d1.example"));
        few.add(null);
        assertEquals("domain: a domain name is required", assertThrows(UnknownDomainException.class,
                () -> DomainNames.resolveAll(host.domains(), few)).getMessage());
        names.add(null);
        assertEquals("domain: a domain name is required", assertThrows(UnknownDomainException.class,
                () -> DomainNames.resolveAll(host.domains(), names)).getMessage());
    }

    /** d0.example to d5999.example, the panel's; their names. */
    private static List<String> sixThousandDomains(TestHostServices host) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            host.domains().add("d" + i + ".example", "alice");
            names.add("d" + i + ".example");
        }
        return names;
    }

    private static SmarthostService service(TestHostServices host) {
        return new SmarthostService(host, List.of(RecordingMailBackend.full("postfix")),
                io.smarthost.core.validation.RelayValidator.shared(), Clock.fixed(T0, ZoneOffset.UTC));
    }

    /** The panel's domain {@code stored} with relay settings of its own. */
    private static void relayed(TestHostServices host, String stored) {
        RelaySettings s = new RelaySettings(true, Optional.of(RelayAddress.parse("[192.0.2.1]", 587)), Encryption.TLS,
                true, false, "", false, "custom", T0);
        host.domains().add(stored, "alice");
        host.store().inTransaction(tx -> {
            tx.put(StoreKeys.settings(Scope.domain(stored)), RelayCodec.write(s));
            return null;
        });
    }
}
