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
    /**
     * The owner is stored as the user's login, whatever the case it was typed in (a hostile tester): a domain stored
     * under "CAROL" was in no list of carol's, and {@code user --delete carol} went through while she owned it.
     */
    @Test
    void anOwnerTypedInAnotherCaseIsStoredAsTheUsersLogin() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).start()) {
            panel.createCustomer("carol");
            assertEquals(0, panel.cli("domain", "--create", "oc1.example", "-owner", "CAROL").exitCode());
            Path file = home.resolve("domains.txt");
            Files.writeString(file, "oc2.example Carol\n");
            assertEquals(0, panel.cli("domain", "--create-from", file.toString()).exitCode());
            var admin = panel.api(panel.apiKey("admin"));
            assertEquals(201, admin.json("POST", "/api/v2/domains", "{\"name\":\"oc3.example\",\"owner\":\"CaRoL\"}").status());
            assertEquals(201, admin.json("POST", "/api/v2/domains", "{\"domains\":[{\"name\":\"oc4.example\",\"owner\":\" Carol \"}]}")
                    .status());
            for (String name : java.util.List.of("oc1.example", "oc2.example", "oc3.example", "oc4.example")) {
                assertEquals("carol", panel.panel().domains().find(name).orElseThrow().owner(), name);
            }
            var mine = panel.api(panel.apiKey("carol")).get("/api/v2/domains?filter=oc");
            assertTrue(mine.body().contains("\"total\":4"), mine.body());
            TestPanel.CliRun delete = panel.cli("user", "--delete", "carol");
            assertEquals(2, delete.exitCode(), delete.out());
            assertTrue(delete.err().contains("carol still owns 4 domain(s)"), delete.err());
        }
    }

    /**
     * A list of more domains than one statement takes parameters (H2 100,000, PostgreSQL's driver 65,535): {@code
     * domain --list -filter example} at 120,000 matches failed ("Invalid value "120009" for parameter "parameter
     * index""), and so did the unfiltered list, reading the aliases. The rows are written by one statement here (the
     * DNS template of 100,000 domains is not what this test reads).
     */
    @Test
    void aListOfMoreDomainsThanAStatementTakesParametersIsWhole() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            int n = 100_050;
            var jdbc = panel.panel().jdbc();
            jdbc.tx(c -> {
                for (int from = 0; from < n; from += 10_000) {
                    int size = Math.min(10_000, n - from); // H2's arrays hold 65,536 values
                    String[] names = new String[size];
                    for (int i = 0; i < size; i++) {
                        names[i] = String.format("bulk%06d.example", from + i);
                    }
                    try (var insert = c.prepareStatement("insert into domains(name, owner) select n, 'admin' from unnest(?) u(n)")) {
                        insert.setObject(1, names);
                        insert.executeUpdate();
                    }
                }
                jdbc.update(DomainNameIndex.BUMP);
                return null;
            });
            panel.panel().domainManager().addAlias("bulk000007.example", "seven.example");
            panel.panel().domainManager().addAlias("bulk000007.example", "also-seven.example");

            TestPanel.CliRun filtered = panel.cli("domain", "--list", "-filter", "bulk");
            assertEquals(0, filtered.exitCode(), filtered.err().lines().findFirst().orElse(""));
            java.util.List<String> lines = filtered.out().lines().toList();
            assertEquals(n, lines.size());
            assertEquals("bulk000000.example\tadmin", lines.get(0));
            assertEquals("bulk000007.example\tadmin\taliases: also-seven.example,seven.example", lines.get(7));
            assertEquals(String.format("bulk%06d.example\tadmin", n - 1), lines.get(n - 1), "in name order");

            TestPanel.CliRun all = panel.cli("domain", "--list");
            assertEquals(0, all.exitCode(), all.err().lines().findFirst().orElse(""));
            assertEquals(lines, all.out().lines().toList(), "the same domains, the same lines");
            assertEquals(java.util.List.of("also-seven.example", "seven.example"),
                    panel.panel().domains().list("", 0, Integer.MAX_VALUE).items().get(7).aliases());
        }
    }

    /**
     * An interrupted {@code --create-from} (the process killed after some transactions) is resumed by running the
     * same file with {@code -skip-existing}: the domains there with the same owner are done, the rest created. A
     * domain of another owner is still refused. Without the option the file is refused as before.
     */
    @Test
    void skipExistingResumesAnInterruptedRun() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            panel.createCustomer("alice");
            StringBuilder text = new StringBuilder();
            int n = DomainManager.BATCH + 17;
            for (int i = 0; i < n; i++) {
                text.append("resume").append(i).append(".example ").append(i % 2 == 0 ? "alice" : "ADMIN").append('\n');
            }
            Path done = home.resolve("first-part.txt");
            Files.writeString(done, text.substring(0, text.indexOf("resume600.example")));
            assertEquals(0, panel.cli("domain", "--create-from", done.toString()).exitCode(), "what the interrupted run created");
            Path file = home.resolve("domains.txt");
            Files.writeString(file, text);

            TestPanel.CliRun again = panel.cli("domain", "--create-from", file.toString());
            assertEquals(2, again.exitCode());
            assertTrue(again.err().contains(file + ":1: name: 'resume0.example' is already used by domain resume0.example"), again.err());
            assertTrue(again.err().contains("Nothing was created: 600 line(s) to correct."), again.err());

            TestPanel.CliRun resumed = panel.cli("domain", "--create-from", file.toString(), "-skip-existing");
            assertEquals(0, resumed.exitCode(), resumed.err());
            assertTrue(resumed.out().contains("create-from: " + (n - 600) + " domains created, 600 already there skipped"), resumed.out());
            assertEquals(n, panel.panel().domains().list("resume", 0, 1).total());
            assertEquals("admin", panel.panel().domains().find("resume" + (n - 2) + ".example").orElseThrow().owner());

            Files.writeString(file, "resume1.example alice\nresume2.example alice\nseven.example alice\n");
            TestPanel.CliRun otherOwner = panel.cli("domain", "--create-from", file.toString(), "-skip-existing");
            assertEquals(2, otherOwner.exitCode());
            assertTrue(otherOwner.err().contains(file + ":1: name: 'resume1.example' is already used by domain resume1.example of admin,"
                    + " not of alice"), otherOwner.err());
            assertTrue(panel.panel().domains().find("seven.example").isEmpty(), "nothing created");
        }
    }

    /**
     * A failure after some transactions were committed (here a domain of the file created by someone else meanwhile)
     * says how many domains were created, and the same lines with {@code skipExisting} create the rest.
     */
    @Test
    void aRunThatFailsPartWaySaysWhatItCreatedAndIsResumed() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            panel.createCustomer("alice");
            java.util.List<DomainManager.NewDomain> lines = new java.util.ArrayList<>();
            int n = DomainManager.BATCH * 2 + 5;
            for (int i = 0; i < n; i++) {
                lines.add(new DomainManager.NewDomain(i + 1, "race" + i + ".example", "alice"));
            }
            DomainManager manager = racing(panel, "race1500.example");
            DomainManager.PartlyCreated failed = org.junit.jupiter.api.Assertions.assertThrows(DomainManager.PartlyCreated.class,
                    () -> manager.createAll(lines, false, java.util.List.of(), done -> { }));
            assertEquals(DomainManager.BATCH, failed.created());
            assertEquals(n, failed.total());
            assertTrue(failed.getMessage().startsWith("1000 of 2005 domain(s) were created before a failure: "), failed.getMessage());
            assertEquals(DomainManager.BATCH + 1, panel.panel().domains().list("race", 0, 1).total(), "the first batch and the racer");

            java.util.List<Long> progress = new java.util.ArrayList<>();
            DomainManager.Batch resumed = panel.panel().domainManager().createAll(lines, true, java.util.List.of(), progress::add);
            assertEquals(java.util.List.of(), resumed.problems());
            assertEquals(n - DomainManager.BATCH - 1, resumed.created());
            assertEquals(DomainManager.BATCH + 1, resumed.skipped());
            assertEquals((long) n, progress.get(progress.size() - 1), "the progress counts the lines skipped too");
            assertEquals(n, panel.panel().domains().list("race", 0, 1).total());
        }
    }

    /**
     * The panel's domain manager with a listener that, when it hears of the first batch, creates {@code name} as
     * another process would meanwhile: the batch that holds it then fails on the database's unique name.
     */
    static DomainManager racing(TestPanel panel, String name) {
        var host = panel.panel();
        io.smarthost.panel.api.DomainLifecycleListener racer = new io.smarthost.panel.api.DomainLifecycleListener() {
            @Override
            public void domainsCreated(java.util.List<io.smarthost.panel.api.Domain> domains) {
                if (host.domains().find(name).isEmpty()) {
                    host.domainManager().create(name, "alice");
                }
            }
        };
        var listeners = java.util.List.of(new io.smarthost.panel.host.plugins.Contribution<>("racer", racer, ManyDomainsTest.class.getClassLoader()));
        return new DomainManager(host.jdbc(), host.domains(), host.users(), host.dns(),
                new io.smarthost.panel.host.services.DbActionLog(host.jdbc(), "host"), () -> listeners);
    }

    /**
     * {@code POST /api/v2/domains} reads its body as strictly as the host's other bodies: a field given twice (the
     * second list silently won) and content after the JSON are refused, naming where; {@code "skipExisting": true}
     * skips the domains there with the same owner.
     */
    @Test
    void theApiReadsItsBodyStrictlyAndSkipsExistingDomainsWhenAsked() {
        try (TestPanel panel = TestPanel.builder(home).start()) {
            panel.createCustomer("alice");
            var admin = panel.api(panel.apiKey("admin"));
            var twice = admin.json("POST", "/api/v2/domains", "{\"domains\":[{\"name\":\"d1.example\",\"owner\":\"alice\"}],"
                    + "\"domains\":[{\"name\":\"d2.example\",\"owner\":\"alice\"}]}");
            assertEquals(400, twice.status(), twice.body());
            assertTrue(twice.body().contains("{\"field\":\"domains\",\"message\":\"is given twice: each field once (line 1, column "),
                    twice.body());
            var nameTwice = admin.json("POST", "/api/v2/domains", "{\"domains\":[{\"name\":\"d1.example\",\"name\":\"d2.example\","
                    + "\"owner\":\"alice\"}]}");
            assertEquals(400, nameTwice.status(), nameTwice.body());
            assertTrue(nameTwice.body().contains("\"field\":\"domains[0].name\",\"message\":\"is given twice"), nameTwice.body());
            var trailing = admin.json("POST", "/api/v2/domains", "{\"name\":\"d1.example\",\"owner\":\"alice\"}{\"x\":1}");
            assertEquals(400, trailing.status(), trailing.body());
            assertTrue(trailing.body().contains("{\"field\":\"body\",\"message\":\"unexpected content after the JSON value (line 1,"),
                    trailing.body());
            var garbage = admin.json("POST", "/api/v2/domains", "{\"name\":\"d1.example\",\"owner\":\"alice\"}garbage");
            assertEquals(400, garbage.status(), garbage.body());
            var malformed = admin.json("POST", "/api/v2/domains", "{\"name\":");
            assertEquals(400, malformed.status(), malformed.body());
            assertTrue(malformed.body().contains("the body is not valid JSON (line 1, column "), malformed.body());
            assertTrue(panel.panel().domains().find("d1.example").isEmpty() && panel.panel().domains().find("d2.example").isEmpty(),
                    "nothing created");

            assertEquals(201, admin.json("POST", "/api/v2/domains", "{\"name\":\"d1.example\",\"owner\":\"alice\"}").status());
            String both = "{\"domains\":[{\"name\":\"d1.example\",\"owner\":\"alice\"},{\"name\":\"d2.example\",\"owner\":\"alice\"}]";
            assertEquals(400, admin.json("POST", "/api/v2/domains", both + "}").status(), "d1.example is there");
            var resumed = admin.json("POST", "/api/v2/domains", both + ",\"skipExisting\":true}");
            assertEquals(201, resumed.status(), resumed.body());
            assertTrue(resumed.body().contains("\"created\":1") && resumed.body().contains("\"skipped\":1"), resumed.body());
            var notBoolean = admin.json("POST", "/api/v2/domains", both + ",\"skipExisting\":\"yes\"}");
            assertEquals(400, notBoolean.status());
            assertTrue(notBoolean.body().contains("{\"field\":\"skipExisting\",\"message\":\"must be true or false\"}"), notBoolean.body());
        }
    }
}
