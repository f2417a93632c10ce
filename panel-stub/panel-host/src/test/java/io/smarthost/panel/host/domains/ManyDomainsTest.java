package io.smarthost.panel.host.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating many domains at once: {@code panel bin domain --create-from FILE} and {@code POST /api/v2/domains}. */
class ManyDomainsTest {

    @TempDir
    Path home;

    @Test
    void createFromFileCreatesEveryDomainWithItsZoneInBatches() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            panel.createCustomer("alice");
            StringBuilder text = new StringBuilder("# name owner\n\n");
            int n = DomainManager.BATCH * 2 + 17; // three transactions
            for (int i = 0; i < n; i++) {
                text.append("Many").append(i).append(".example ").append(i % 2 == 0 ? "alice" : "admin").append('\n');
            }
            Path file = home.resolve("domains.txt");
            Files.writeString(file, text);
            TestPanel.CliRun run = panel.cli("domain", "--create-from", file.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains(n + " domains created"), run.out());
            assertEquals(n, panel.panel().domains().list("many", 0, 1).total());
            assertEquals("alice", panel.panel().domains().find("many0.example").orElseThrow().owner(), "names are lower-cased");
            assertEquals("admin", panel.panel().domains().find("many1.example").orElseThrow().owner());
            assertTrue(panel.panel().dns().records("many2016.example").stream().anyMatch(r -> r.name().equals("www.many2016.example")),
                    "the DNS template applied to each domain: " + panel.panel().dns().records("many2016.example")
                    + " template " + panel.panel().dns().template());
            assertEquals(3, io.smarthost.panel.host.services.DbActionLog.latest(panel.panel().jdbc(), 50).stream().filter(e -> e.action().equals("domain.created")).count(),
                    "one action-log line per transaction, not one per domain");
        }
    }

    /**
     * An internationalised name is created in punycode, and found as typed: in Unicode, any case, with a final
     * dot (the host's look-up behind every {@code /domains/{domain}} route and {@code domain --info}).
     */
    @Test
    void aUnicodeNameIsFoundAsTyped() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            assertEquals(0, panel.cli("domain", "--create", "bücher.example", "-owner", "admin").exitCode());
            var domains = panel.panel().domains();
            assertEquals("xn--bcher-kva.example", domains.find("xn--bcher-kva.example").orElseThrow().name());
            assertEquals("xn--bcher-kva.example", domains.find("bücher.example").orElseThrow().name());
            assertEquals("xn--bcher-kva.example", domains.find(" BÜCHER.Example. ").orElseThrow().name());
            assertTrue(domains.find("bü cher.example").isEmpty());
            TestPanel.CliRun info = panel.cli("domain", "--info", "bücher.example");
            assertEquals(0, info.exitCode(), info.err());
        }
    }

    /**
     * Past {@link DomainStore#SCAN_ABOVE} names, {@code findAll} reads every domain once instead of looking
     * each up: its answer is the look-ups' answer (names in any case, aliases with their domain, unknown names
     * left out), and the domains not asked for stay out.
     */
    @Test
    void findAllOfManyNamesAnswersAsTheLookUpsDo() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            StringBuilder text = new StringBuilder();
            int n = DomainStore.SCAN_ABOVE + 300;
            for (int i = 0; i < n; i++) {
                text.append("scan").append(i).append(".example admin\n");
            }
            Path file = home.resolve("domains.txt");
            Files.writeString(file, text);
            assertEquals(0, panel.cli("domain", "--create-from", file.toString()).exitCode());
            panel.createDomain("owner.example", "admin", "alias1.example", "alias2.example");
            panel.createDomain("other.example", "admin", "alias3.example");

            java.util.List<String> asked = new java.util.ArrayList<>();
            for (int i = 0; i < n - 100; i++) { // the last 100 are not asked for
                asked.add(i % 7 == 0 ? " SCAN" + i + ".Example " : "scan" + i + ".example");
            }
            asked.addAll(java.util.List.of("alias2.example", "owner.example", "nowhere.example", "alias3.example"));
            var domains = panel.panel().domains();
            var scanned = domains.findAll(asked);
            assertTrue(asked.size() > DomainStore.SCAN_ABOVE, "the scan is what this test reads");

            java.util.Map<String, io.smarthost.panel.api.Domain> lookedUp = new java.util.HashMap<>();
            for (int from = 0; from < asked.size(); from += DomainStore.SCAN_ABOVE) {
                lookedUp.putAll(domains.findAll(asked.subList(from, Math.min(asked.size(), from + DomainStore.SCAN_ABOVE))));
            }
            assertEquals(lookedUp, scanned);
            assertEquals(n - 100 + 3, scanned.size(), "every asked name that exists, and the two aliases");
            assertEquals(java.util.List.of("alias1.example", "alias2.example"), scanned.get("alias2.example").aliases());
            assertEquals("owner.example", scanned.get("alias2.example").name());
            assertEquals(scanned.get("owner.example"), scanned.get("alias2.example"));
            assertEquals("other.example", scanned.get("alias3.example").name());
            assertTrue(!scanned.containsKey("other.example") && !scanned.containsKey("nowhere.example")
                    && !scanned.containsKey("scan" + (n - 1) + ".example"), "only what was asked for");
            assertEquals("scan0.example", scanned.get("scan0.example").name(), "a name asked in capitals is found by its own name");
        }
    }

    @Test
    void aBadLineCreatesNothingAndEachProblemNamesItsLine() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            panel.cli("domain", "--create", "taken.example", "-owner", "admin");
            Path file = home.resolve("domains.txt");
            Files.writeString(file, "good.example admin\nbad_name!.example admin\nnobody.example ghost\n"
                    + "good.example admin\ntaken.example admin\nno-owner.example\n");
            TestPanel.CliRun run = panel.cli("domain", "--create-from", file.toString());
            assertEquals(2, run.exitCode(), "bad input");
            String err = run.err();
            assertTrue(err.contains(file + ":2: name"), err);
            assertTrue(err.contains(file + ":3: owner: no user named 'ghost'"), err);
            assertTrue(err.contains(file + ":4: name: 'good.example' is already on line 1"), err);
            assertTrue(err.contains(file + ":5: name: 'taken.example' is already used by domain taken.example"), err);
            assertTrue(err.contains(file + ":6: owner: a user name is required"), err);
            assertTrue(err.contains("Nothing was created"), err);
            assertTrue(panel.panel().domains().find("good.example").isEmpty(), "nothing was created");
        }
    }

    @Test
    void adminsCreateDomainsThroughTheApiCustomersCannot() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).start()) {
            panel.createCustomer("alice");
            var admin = panel.api(panel.apiKey("admin"));
            var created = admin.json("POST", "/api/v2/domains",
                    "{\"domains\":[{\"name\":\"api1.example\",\"owner\":\"alice\"},{\"name\":\"api2.example\",\"owner\":\"admin\"}]}");
            assertEquals(201, created.status(), created.body());
            assertTrue(created.body().contains("\"created\":2"), created.body());
            assertEquals("alice", panel.panel().domains().find("api1.example").orElseThrow().owner());

            var bad = admin.json("POST", "/api/v2/domains",
                    "{\"domains\":[{\"name\":\"api3.example\",\"owner\":\"alice\"},{\"name\":\"api1.example\",\"owner\":\"alice\"},{\"owner\":\"alice\"}]}");
            assertEquals(400, bad.status(), bad.body());
            assertTrue(bad.body().contains("domains[1]") && bad.body().contains("already used by domain api1.example"), bad.body());
            assertTrue(bad.body().contains("domains[2]") && bad.body().contains("a domain name is required"), bad.body());
            assertTrue(panel.panel().domains().find("api3.example").isEmpty(), "a bad item creates nothing");

            var customer = panel.api(panel.apiKey("alice"));
            assertEquals(404, customer.json("POST", "/api/v2/domains", "{\"name\":\"mine.example\",\"owner\":\"alice\"}").status());
            assertTrue(panel.panel().domains().find("mine.example").isEmpty());

            // the list: a negative offset refused as the plugin's list refuses it; a customer's own domains matched
            // as the admin's are, a Unicode filter included (a hostile tester)
            assertEquals(400, admin.get("/api/v2/domains?offset=-1").status());
            panel.panel().domainManager().create("bücher.example", "alice");
            String q = java.net.URLEncoder.encode("BÜCH", java.nio.charset.StandardCharsets.UTF_8);
            var mine = customer.get("/api/v2/domains?filter=" + q);
            assertEquals(200, mine.status(), mine.body());
            assertTrue(mine.body().contains(java.net.IDN.toASCII("bücher.example")) && mine.body().contains("\"total\":1"),
                    mine.body());
            var all = admin.get("/api/v2/domains?filter=" + q);
            assertTrue(all.body().contains("\"total\":1"), all.body());
        }
    }
}
