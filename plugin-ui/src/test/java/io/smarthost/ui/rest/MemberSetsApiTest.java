package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.service.Confirm;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.services.SettingsStore;
import io.smarthost.panel.host.domains.DomainManager;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first bulk change over 1,200 domains without settings keeps them as a member set on the panel's own store
 * (no row each), and REST reads them as it read rows: one domain, pages across members and domains with rows of
 * their own in both orders, filters, totals; a member changed alone, deleted and created again for someone else.
 */
class MemberSetsApiTest {
    static final String API = "/api/v2/plugins/smarthost/domains";
    static final int DOMAINS = 1_500;
    static final int MEMBERS = 1_200;

    @TempDir
    static Path home;
    static TestPanel panel;
    static SmarthostService service;
    static PanelClient api;
    /** Every domain with settings and its relay host, as expected. */
    static final TreeMap<String, String> relayed = new TreeMap<>();

    static String name(int i) {
        return String.format("m%04d.example", i);
    }

    @BeforeAll
    static void start() {
        panel = TestPanel.builder(home).classpathPlugin("smarthost").start();
        service = SmarthostRuntime.service(panel.panel().services("smarthost"));
        List<DomainManager.NewDomain> lines = new ArrayList<>();
        for (int i = 0; i < DOMAINS; i++) {
            lines.add(new DomainManager.NewDomain(i + 1, name(i), "admin"));
        }
        panel.panel().domainManager().createAll(lines, n -> { });
        // every seventh domain has settings of its own before the bulk change: rows among the members
        for (int i = 0; i < DOMAINS; i += 7) {
            service.updateDomain(name(i), RelayInput.builder().host("[own.example]").port("2525").encryption("none").build());
            relayed.put(name(i), "own.example");
        }
        List<String> bulk = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            if (i % 7 != 0) {
                bulk.add(name(i));
                relayed.put(name(i), "bulk.example");
            }
        }
        service.bulkUpdate(bulk, RelayInput.builder().host("[bulk.example]").login("bulk", "bulk-pw").build(), Confirm.NONE);
        api = panel.api(panel.apiKey("admin"));
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    static SettingsStore store() {
        return panel.panel().services("smarthost").store();
    }

    static List<String> domains(HttpReply reply) {
        assertEquals(200, reply.status(), reply.toString());
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"domain\":\"([^\"]+)\"").matcher(reply.body());
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static long total(HttpReply reply) {
        Matcher m = Pattern.compile("\"total\":(\\d+)").matcher(reply.body());
        assertTrue(m.find(), reply.body());
        return Long.parseLong(m.group(1));
    }

    @Test
    void theMembersHaveNoRowAndReadAsDomainsWithTheRelay() {
        long own = relayed.values().stream().filter(h -> !h.equals("bulk.example")).count();
        assertEquals(own, store().count("@"), "only the domains with settings of their own have a row");
        assertTrue(store().get("members").isPresent(), "the set is written");
        HttpReply one = api.get(API + "/" + name(1));
        assertEquals(200, one.status(), one.toString());
        assertTrue(one.body().contains("\"relay\":\"[bulk.example]"), one.body());
        assertTrue(one.body().contains("\"username\":\"bulk\""), one.body());
        assertFalse(one.body().contains("bulk-pw"), "never the password");
        HttpReply outside = api.get(API + "/" + name(MEMBERS + 1));
        assertTrue(outside.body().contains("\"settings\":null"), "no settings past the bulk change: " + outside.body());
    }

    @Test
    void pagesInBothOrdersAndFiltersListMembersAndRowsTogether() {
        List<String> expected = new ArrayList<>(relayed.keySet());
        List<String> walked = new ArrayList<>();
        for (int offset = 0; offset < expected.size() + 100; offset += 97) {
            HttpReply page = api.get(API + "?limit=97&offset=" + offset);
            walked.addAll(domains(page));
            assertEquals(expected.size(), total(page), "total at offset " + offset);
        }
        assertEquals(expected, walked, "every domain with settings once, in name order");
        List<String> reversed = new ArrayList<>(expected);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed.subList(0, 50), domains(api.get(API + "?limit=50&sort=domain&dir=desc")));
        assertEquals(expected.stream().filter(d -> d.contains("m11")).toList(),
                domains(api.get(API + "?limit=500&filter=m11")), "a filter");
        assertEquals(expected.stream().filter(d -> d.contains("m11")).sorted(java.util.Comparator.reverseOrder()).toList(),
                domains(api.get(API + "?limit=500&filter=m11&sort=domain&dir=desc")), "a filter, descending");
    }

    @Test
    void aMemberChangedAloneDeletedAndCreatedAgainForSomeoneElse() {
        String changed = name(8);
        service.updateDomain(changed, RelayInput.builder().host("[alone.example]").port("2525").encryption("none").build());
        HttpReply alone = api.get(API + "/" + changed);
        assertTrue(alone.body().contains("\"relay\":\"[alone.example]"), alone.toString());
        assertTrue(store().get("-" + changed).isPresent(), "marked as having left the set");

        String gone = name(9);
        panel.panel().domainManager().delete(gone);
        panel.createCustomer("eve");
        panel.panel().domainManager().create(gone, "eve");
        HttpReply again = api.get(API + "/" + gone);
        assertEquals(200, again.status(), again.toString());
        assertTrue(again.body().contains("\"settings\":null"), "the new owner gets no relay: " + again.body());
        assertTrue(api.get(API + "/" + name(10)).body().contains("\"relay\":\"[bulk.example]"), "the others keep it");
        relayed.put(changed, "alone.example");
        relayed.remove(gone);
    }
}
