package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.relay.Scope;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.testing.CheckReports;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail &gt; Smarthosts sorted by each column through its header link, in a real panel (H2, Jersey). */
class SmarthostsListSortTest {
    static final String LIST = "/plugins/smarthost/list";

    @TempDir
    static Path home;
    static TestPanel panel;

    @BeforeAll
    static void start() {
        panel = TestPanel.builder(home).classpathPlugin("smarthost").start();
        SmarthostService service = SmarthostRuntime.service(panel.panel().services("smarthost"));
        for (String d : List.of("a.example", "b.example", "c.example")) {
            panel.createDomain(d, "admin");
        }
        service.updateDomain("a.example", RelayInput.builder().host("[relay-b.example]").port("2525").encryption("none").build());
        service.updateDomain("b.example", RelayInput.builder().host("[relay-a.example]").port("2525").encryption("starttls")
                .login("zed", "pw-b").build());
        service.updateDomain("c.example", RelayInput.builder().host("[relay-a.example]").port("465").encryption("tls")
                .login("Amy", "pw-c").build());
        service.recordCheck(Scope.domain("a.example"), RelayInput.builder().host("[relay-b.example]").port("2525")
                .encryption("none").build(), CheckReports.passed(), Instant.parse("2025-03-01T00:00:00Z"));
        service.recordCheck(Scope.domain("c.example"), RelayInput.builder().host("[relay-a.example]").port("465")
                .encryption("tls").login("Amy", "pw-c").build(), CheckReports.authFailed("535 refused"),
                Instant.parse("2025-01-01T00:00:00Z"));
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    static List<String> rows(HttpReply reply) {
        assertEquals(200, reply.status(), reply.toString());
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<tr data-domain=\"([^\"]+)\"").matcher(reply.body());
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void eachColumnSortsBothWaysWithNeverCheckedAndNoLoginLast() {
        PanelClient admin = panel.login("admin");
        Map<String, List<String>> ascending = Map.of(
                "domain", List.of("a.example", "b.example", "c.example"),
                "relay", List.of("c.example", "b.example", "a.example"),
                "encryption", List.of("b.example", "c.example", "a.example"),
                "user", List.of("c.example", "b.example", "a.example"),
                "checked", List.of("c.example", "a.example", "b.example"));
        Map<String, List<String>> descending = Map.of(
                "domain", List.of("c.example", "b.example", "a.example"),
                "relay", List.of("a.example", "b.example", "c.example"),
                "encryption", List.of("a.example", "c.example", "b.example"),
                "user", List.of("b.example", "c.example", "a.example"),
                "checked", List.of("a.example", "c.example", "b.example"));
        for (String col : ascending.keySet()) {
            assertEquals(ascending.get(col), rows(admin.get(LIST + "?sort=" + col)), col + " ascending");
            assertEquals(descending.get(col), rows(admin.get(LIST + "?sort=" + col + "&dir=desc")), col + " descending");
        }
        assertEquals(ascending.get("domain"), rows(admin.get(LIST + "?sort=nonsense")), "unknown column: by domain");
        for (String col : ascending.keySet()) {
            // a filter keeps each order (by domain descending, a filtered list was empty on the panel's own store)
            assertEquals(ascending.get(col), rows(admin.get(LIST + "?q=example&sort=" + col)), col + " ascending, filtered");
            assertEquals(descending.get(col), rows(admin.get(LIST + "?q=.EXAMPLE&sort=" + col + "&dir=desc")),
                    col + " descending, filtered");
        }
        assertEquals(List.of("b.example"), rows(admin.get(LIST + "?q=b.ex&sort=domain&dir=desc")), "a filter that keeps one");
    }

    @Test
    void headersLinkToTheirOrderAndOnlyTheSortedOneCarriesAriaSortAndTheArrow() {
        PanelClient admin = panel.login("admin");
        String body = admin.get(LIST + "?sort=relay&dir=desc&size=50&q=example").body();
        assertTrue(body.contains("href=\"/plugins/smarthost/list?q=example&amp;size=50&amp;sort=relay&amp;dir=asc\" id=\"sort-relay\""),
                "the sorted header reverses the order, keeping filter and page size");
        assertTrue(body.contains("href=\"/plugins/smarthost/list?q=example&amp;size=50&amp;sort=domain&amp;dir=asc\" id=\"sort-domain\""));
        for (String col : List.of("encryption", "user", "checked")) {
            assertTrue(body.contains("sort=" + col + "&amp;dir=asc\" id=\"sort-" + col + "\""), col + " header link");
        }
        assertEquals(1, count(body, "aria-sort="), "one sorted column");
        assertTrue(body.contains("<th aria-sort=\"descending\" class=\"sh-sorted\"><a href=\"/plugins/smarthost/list?q=example&amp;size=50&amp;sort=relay"));
        assertEquals(1, count(body, "sh-sort-arrow"));
        assertTrue(body.contains("Relay <span class=\"sh-sort-arrow\" aria-hidden=\"true\">▼</span>"));
        assertTrue(body.contains("name=\"sort\" value=\"relay\""), "the filter form keeps the column");
        assertTrue(body.contains("title=\"Sort by Relay, ascending\""));
        assertTrue(body.contains("name=\"dir\" value=\"desc\""), "the filter form keeps the order");
        assertFalse(body.contains("<select name=\"dir\""), "one sort control (issue 17): the headers, no order box");
    }

    @Test
    void frenchHeaderTextsAreUnchanged() {
        PanelClient admin = panel.login("admin");
        admin.post("/lang", Map.of("lang", "fr", "next", LIST));
        String body = admin.get(LIST + "?sort=user").body();
        for (String[] h : new String[][] {{"domain", "Domaine"}, {"relay", "Relais"}, {"encryption", "Chiffrement"},
                {"user", "Utilisateur"}, {"checked", "Dernière vérification"}}) {
            Matcher m = Pattern.compile("id=\"sort-" + h[0] + "\"\\s+title=\"([^\"]*)\">([^<]*)<").matcher(body);
            assertTrue(m.find(), h[0] + " header in French: " + body);
            assertEquals(h[1], m.group(2).strip(), h[0]);
        }
        assertTrue(body.contains("<th>SPF (zone du panneau)</th>"));
        assertTrue(body.contains("title=\"Trier par Utilisateur, ordre décroissant\""), "the sorted one reverses");
        assertFalse(body.contains("<select name=\"dir\""), "no order box beside the headers");
        admin.post("/lang", Map.of("lang", "en", "next", LIST));
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
