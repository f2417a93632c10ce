package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.core.relay.Scope;
import io.smarthost.core.testing.RecordingMailBackend;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SmarthostService#list(String, ListOrder, boolean, int, int)}: every column, both ways, paged. */
class SmarthostServiceListOrderTest {
    static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    Path home;
    TestHostServices host;
    SmarthostService service;

    @BeforeEach
    void setUp() {
        host = new TestHostServices(home);
        service = new SmarthostService(host, List.of(RecordingMailBackend.full("postfix")),
                io.smarthost.core.validation.RelayValidator.shared(), Clock.fixed(T0, ZoneOffset.UTC));
    }

    /** Writes settings straight into the store: the list reads the store only. */
    void put(String domain, String relay, Encryption enc, String user) throws Exception {
        Optional<RelayAddress> address = relay.isEmpty() ? Optional.empty() : Optional.of(RelayAddress.parse(relay, 587));
        RelaySettings s = new RelaySettings(true, address, enc, true, !user.isEmpty(), user, false, "custom", T0);
        host.domains().add(domain, "alice");
        host.store().inTransaction(tx -> {
            tx.put(StoreKeys.settings(Scope.domain(domain)), RelayCodec.write(s));
            return null;
        });
    }

    void check(String domain, String time) throws Exception {
        host.store().inTransaction(tx -> {
            tx.put(StoreKeys.check(Scope.domain(domain)), RelayCodec.write(new CheckRecord(Instant.parse(time), true, 0,
                    Optional.empty(), List.of(), Optional.empty(), true)));
            return null;
        });
    }

    List<String> names(ListOrder order, boolean desc) {
        return service.list("", order, desc, 0, 100).items().stream().map(DomainRelayRow::domain).toList();
    }

    void fiveDomains() throws Exception {
        put("a.example", "[smtp.b.example]:587", Encryption.TLS, "Zed");
        put("b.example", "[smtp.a.example]:2525", Encryption.NONE, "");
        put("c.example", "[smtp.a.example]:465", Encryption.STARTTLS, "amy");
        put("d.example", "[smtp.a.example]:465", Encryption.TLS, "bob");
        put("e.example", "", Encryption.STARTTLS, "amy");
        check("b.example", "2025-03-01T00:00:00Z");
        check("d.example", "2025-01-01T00:00:00Z");
        check("a.example", "2025-03-01T00:00:00Z");
    }

    @Test
    void relayOrdersByHostThenPortNumberTiesByNameAndNoRelayLast() throws Exception {
        fiveDomains();
        assertEquals(List.of("c.example", "d.example", "b.example", "a.example", "e.example"), names(ListOrder.RELAY, false),
                "port 465 before 2525: numbers, not text");
        assertEquals(List.of("a.example", "b.example", "c.example", "d.example", "e.example"), names(ListOrder.RELAY, true),
                "ties stay by name ascending, the row without a relay stays last");
    }

    @Test
    void encryptionOrdersStarttlsTlsNone() throws Exception {
        fiveDomains();
        assertEquals(List.of("c.example", "e.example", "a.example", "d.example", "b.example"), names(ListOrder.ENCRYPTION, false));
        assertEquals(List.of("b.example", "a.example", "d.example", "c.example", "e.example"), names(ListOrder.ENCRYPTION, true));
    }

    @Test
    void usernameIgnoresCaseAndRowsWithoutLoginGoLast() throws Exception {
        fiveDomains();
        assertEquals(List.of("c.example", "e.example", "d.example", "a.example", "b.example"), names(ListOrder.USERNAME, false));
        assertEquals(List.of("a.example", "d.example", "c.example", "e.example", "b.example"), names(ListOrder.USERNAME, true));
    }

    @Test
    void lastCheckOrdersByTimeAndNeverCheckedIsLastBothWays() throws Exception {
        fiveDomains();
        assertEquals(List.of("d.example", "a.example", "b.example", "c.example", "e.example"), names(ListOrder.LAST_CHECK, false));
        assertEquals(List.of("a.example", "b.example", "d.example", "c.example", "e.example"), names(ListOrder.LAST_CHECK, true));
        DomainRelayRow first = service.list("", ListOrder.LAST_CHECK, false, 0, 1).items().get(0);
        assertEquals(Instant.parse("2025-01-01T00:00:00Z"), first.lastCheck().orElseThrow().time(), "rows carry their check");
    }

    @Test
    void domainOrderIsTheKeyOrderBothWays() throws Exception {
        fiveDomains();
        assertEquals(List.of("a.example", "b.example", "c.example", "d.example", "e.example"), names(ListOrder.DOMAIN, false));
        assertEquals(List.of("e.example", "d.example", "c.example", "b.example", "a.example"), names(ListOrder.DOMAIN, true));
        PageResult<DomainRelayRow> page = service.list("", ListOrder.DOMAIN, true, 4, 2);
        assertEquals(List.of("a.example"), page.items().stream().map(DomainRelayRow::domain).toList());
        assertEquals(5, page.total());
    }

    @Test
    void pagesOfEveryOrderJoinUpToTheWholeListWithTheFilterApplied() throws Exception {
        for (int i = 0; i < 37; i++) {
            put(String.format("d%02d.example", i), "[relay" + (i % 4) + ".example]:" + (500 + i % 3),
                    Encryption.values()[i % 3], i % 5 == 0 ? "" : "u" + (i % 7));
            if (i % 2 == 0) {
                check(String.format("d%02d.example", i), "2025-02-01T00:00:" + String.format("%02d", i % 6) + "Z");
            }
        }
        put("other.org", "[a.example]:25", Encryption.NONE, "");
        for (ListOrder order : ListOrder.values()) {
            for (boolean desc : new boolean[] {false, true}) {
                List<String> whole = service.list(".example", order, desc, 0, 1000).items().stream()
                        .map(DomainRelayRow::domain).toList();
                assertEquals(37, whole.size(), order + " filter applied");
                List<String> paged = new ArrayList<>();
                for (int offset = 0; offset < 45; offset += 10) {
                    PageResult<DomainRelayRow> p = service.list("example", order, desc, offset, 10);
                    assertEquals(37, p.total(), order + " total");
                    p.items().forEach(r -> paged.add(r.domain()));
                }
                assertEquals(whole, paged, order + (desc ? " desc" : " asc") + ": pages join without gaps or repeats");
                assertTrue(service.list("example", order, desc, 40, 10).items().isEmpty(), "past the end: empty");
            }
        }
    }

    /** Prints the cost of one relay-ordered page at 10,000 domains; a figure for the report, not a limit. */
    @Test
    void measuresARelayOrderedPageAtTenThousandDomains() throws Exception {
        int n = 10_000;
        host.store().inTransaction(tx -> {
            for (int i = 0; i < n; i++) {
                String d = String.format("d%05d.example", i);
                host.domains().add(d, "alice");
                RelaySettings s = new RelaySettings(true, Optional.of(RelayAddress.parse("[relay" + (i * 7919 % n) + ".example]", 587)),
                        Encryption.STARTTLS, true, true, "user" + i, false, "custom", T0);
                tx.put(StoreKeys.settings(Scope.domain(d)), RelayCodec.write(s));
            }
            return null;
        });
        for (int i = 0; i < 5; i++) {
            service.list("", ListOrder.RELAY, false, 0, 25);
        }
        long best = Long.MAX_VALUE;
        long bestLast = Long.MAX_VALUE;
        long bestByName = Long.MAX_VALUE;
        PageResult<DomainRelayRow> page = null;
        for (int i = 0; i < 10; i++) {
            long t = System.nanoTime();
            page = service.list("", ListOrder.RELAY, false, 0, 25);
            best = Math.min(best, System.nanoTime() - t);
            t = System.nanoTime();
            service.list("", ListOrder.RELAY, false, n - 25, 25);
            bestLast = Math.min(bestLast, System.nanoTime() - t);
            t = System.nanoTime();
            service.list("", ListOrder.DOMAIN, false, 0, 25);
            bestByName = Math.min(bestByName, System.nanoTime() - t);
        }
        assertEquals(n, page.total());
        assertEquals(25, page.items().size());
        assertEquals("[relay0.example]:587", page.items().get(0).settings().relayDisplay());
        System.out.printf("list by relay, 10,000 domains (in-memory store): first page %.1f ms, last page %.1f ms; "
                + "by domain (key order) %.2f ms%n", best / 1e6, bestLast / 1e6, bestByName / 1e6);
    }
}
