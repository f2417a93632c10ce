package io.smarthost.ui.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.panel.host.testing.TestPanel.CliRun;
import io.smarthost.postfix.testing.TestRelay;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code panel bin smarthost} in process against a real panel and the real Postfix backend (sandbox folder):
 * every command, exit codes 0/1/2, messages naming the option, secrets only from standard input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmarthostCliTest {
    static final String SECRET = "Cli-s3cret-41d8e";
    static final String INI = """
            [mail]
            smarthost.allowUntrustedCertificate = true
            smarthost.check.total_timeout = 10
            smarthost.spf.resolver = 127.0.0.1:9
            smarthost.spf.timeout_ms = 200
            """;
    TestPanel panel;
    TestRelay relay;
    final List<CliRun> runs = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path home) {
        relay = TestRelay.start(TestRelay.Mode.STARTTLS, Map.of("cliuser", SECRET));
        panel = TestPanel.builder(home).classpathPlugin("smarthost").ini(INI).withoutWeb().start();
        panel.createCustomer("carol");
        panel.createDomain("carol.example", "carol");
        panel.createDomain("carol2.example", "carol");
    }

    @AfterAll
    void stop() {
        panel.close();
        relay.close();
    }

    /** Runs and checks that no output ever holds the secret. */
    CliRun runWithStdin(String stdin, String... words) {
        String[] all = new String[words.length + 1];
        all[0] = "smarthost";
        System.arraycopy(words, 0, all, 1, words.length);
        CliRun r = panel.cliWithStdin(stdin, all);
        assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET), "secret printed by " + String.join(" ", words));
        return r;
    }

    CliRun run(String... words) {
        return runWithStdin("", words);
    }

    Path mainCf() {
        return panel.home().resolve("mail-sandbox/postfix/main.cf");
    }

    CliRun updateServer() {
        CliRun r = runWithStdin(SECRET + "\n", "--update", "-enabled", "true", "-host", "[127.0.0.1]", "-port", Integer.toString(relay.port()),
                "-encryption", "starttls", "-verify-certificate", "false", "-auth", "true", "-username", "cliuser", "-password-stdin");
        assertEquals(0, r.exitCode(), r.err());
        return r;
    }

    @Test
    void updateWritesRelayhostAndInfoShowsItWithoutTheSecret() throws Exception {
        updateServer();
        assertTrue(Files.readString(mainCf()).contains("relayhost = [127.0.0.1]:" + relay.port()));
        CliRun info = run("--info");
        assertEquals(0, info.exitCode());
        assertTrue(info.out().contains("password set"), info.out());
        JsonNode json = new ObjectMapper().readTree(run("--info", "-json").out());
        assertTrue(json.get("secretSet").asBoolean());
        assertEquals("cliuser", json.get("settings").get("username").asText());
    }

    @Test
    void updateChangesOnlyTheNamedOptions() throws Exception {
        updateServer();
        assertEquals(0, run("--update", "-enabled", "false").exitCode());
        JsonNode json = new ObjectMapper().readTree(run("--info", "-json").out());
        assertFalse(json.get("settings").get("enabled").asBoolean());
        assertEquals("cliuser", json.get("settings").get("username").asText());
        assertTrue(json.get("secretSet").asBoolean());
        assertFalse(Files.readString(mainCf()).contains("relayhost = [127.0.0.1]"));
        updateServer();
    }

    @Test
    void badInputExits2NamingTheOptionAndLeavesMainCfByteIdentical() throws Exception {
        updateServer();
        byte[] before = Files.readAllBytes(mainCf());
        CliRun bad = run("--update", "-host", "bad host!", "-port", "99999", "-encryption", "ssl");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("-host:") && bad.err().contains("-port:") && bad.err().contains("-encryption:"), bad.err());
        assertArrayEquals(before, Files.readAllBytes(mainCf()));
        assertBadInput(run("--update", "-auth", "maybe"), "-auth");
        assertBadInput(run("--update", "-colour", "blue"), "-colour");
        assertBadInput(run("--update"), "relay option");
        assertBadInput(run("--frobnicate"), "--frobnicate");
        assertBadInput(run("--update-domain"), "DOMAIN");
        assertBadInput(run("--update-domain", "nowhere.example", "-host", "smtp.example.com"), "nowhere.example");
        assertBadInput(run("--list", "-limit", "0"), "-limit");
        assertBadInput(run("--send-test"), "-to");
        assertBadInput(run("--send-test", "-to", "you@example.net"), "-from");
        assertBadInput(run("--update-domains", "-host", "smtp.example.com"), "-domains");
        assertArrayEquals(before, Files.readAllBytes(mainCf()));
    }

    /**
     * A username and password given without {@code -auth} are used (they were dropped without a word: the domain was
     * saved without a login); with {@code -auth false} they are refused (exit 2) and nothing changes.
     */
    @Test
    void aLoginWithoutAuthIsUsedAndAgainstAuthFalseIsRefused() {
        panel.createDomain("erin.example", "carol");
        CliRun saved = runWithStdin(SECRET + "\n", "--update-domain", "erin.example", "-host", "[192.0.2.61]", "-port",
                "2525", "-encryption", "none", "-username", "erin", "-password-stdin");
        assertEquals(0, saved.exitCode(), saved.err());
        String info = run("--info", "-domain", "erin.example", "-json").out().replace(" ", "");
        assertTrue(info.contains("\"authentication\":true") && info.contains("\"username\":\"erin\"")
                && info.contains("\"secretSet\":true"), info);

        CliRun refused = runWithStdin("another-pw\n", "--update-domain", "erin.example", "-auth", "false",
                "-password-stdin");
        assertBadInput(refused, "-auth false");
        assertTrue(run("--info", "-domain", "erin.example", "-json").out().replace(" ", "")
                .contains("\"authentication\":true"), "nothing changed");
        assertBadInput(run("--update-domain", "erin.example", "-auth", "false", "-username", "erin"), "-auth false");
        assertEquals(0, run("--update-domain", "erin.example", "-auth", "false").exitCode(), "turned off alone: fine");
    }

    @Test
    void aSecretGivenAsAnOptionIsRefusedAndNotRepeated() throws Exception {
        byte[] before = Files.readAllBytes(mainCf());
        CliRun r = run("--update", "-host", "smtp.example.com", "-password", SECRET);
        assertBadInput(r, "-password-stdin");
        assertBadInput(run("--update", "-host", "smtp.example.com", "-password-stdin", SECRET), "takes no value");
        assertBadInput(run("--update", "-host", "smtp.example.com", "-auth", "true", "-username", "u", "-password-stdin"),
                "standard input was empty");
        // two lines: which one is the password is a guess (the first was saved, and "Applied" said)
        assertBadInput(runWithStdin("two\nlines\n", "--update", "-host", "smtp.example.com", "-auth", "true", "-username",
                "u", "-password-stdin"), "standard input holds more than one line");
        // a word that is no boolean may be a secret typed one option too far: not repeated
        CliRun bool = run("--update", "-host", "smtp.example.com", "-enabled", SECRET);
        assertBadInput(bool, "-enabled must be true or false");
        assertFalse(bool.err().contains(SECRET), bool.err());
        assertArrayEquals(before, Files.readAllBytes(mainCf()));
    }

    @Test
    void domainCommandsBulkListDisableAndRemove() throws Exception {
        assertEquals(0, runWithStdin(SECRET + "\n", "--update-domain", "carol.example", "-host", "[192.0.2.50]", "-port", "2525",
                "-encryption", "none", "-auth", "true", "-username", "carol", "-password-stdin").exitCode());
        Path senderRelay = panel.home().resolve("mail-sandbox/postfix/smarthost/sender_relay");
        assertTrue(Files.readString(senderRelay).contains("@carol.example [192.0.2.50]:2525"));
        // options left out keep the saved value: carol has a port and a login, which carol2 (nothing saved) would
        // take without its own password
        byte[] mapBefore = Files.readAllBytes(senderRelay);
        CliRun noPassword = run("--update-domains", "-domains", "carol.example,carol2.example", "-host", "[192.0.2.51]",
                "-encryption", "none");
        assertNotEquals(0, noPassword.exitCode(), noPassword.out() + noPassword.err());
        assertArrayEquals(mapBefore, Files.readAllBytes(senderRelay));
        assertEquals(0, run("--update-domains", "-domains", "carol.example,carol2.example", "-host", "[192.0.2.51]",
                "-port", "587", "-encryption", "none", "-auth", "false").exitCode());
        CliRun list = run("--list");
        assertTrue(list.out().contains("carol2.example") && list.out().contains("[192.0.2.51]:587"), list.out());
        JsonNode page = new ObjectMapper().readTree(run("--list", "-filter", "carol2", "-json").out());
        assertEquals(1, page.get("total").asInt());
        // a word after a command that takes none: refused, not the whole list (a hostile tester)
        for (String[] stray : List.of(new String[] {"--list", "carol2"}, new String[] {"--verify", "extra"},
                new String[] {"--info", "carol2.example"})) {
            CliRun refused = run(stray);
            assertEquals(2, refused.exitCode(), String.join(" ", stray) + ": " + refused.out() + refused.err());
            assertTrue(refused.err().contains("unexpected word (word 2 of the command): " + stray[0] + " takes no value"), refused.err());
            assertFalse(refused.err().contains(stray[1]), "the word is not repeated: " + refused.err());
            assertEquals("", refused.out());
        }
        assertEquals(0, run("--disable-domains", "-domains", "carol.example,carol2.example").exitCode());
        // back on with -enabled alone: the rest as saved
        CliRun backOn = run("--update-domains", "-domains", "carol.example,carol2.example", "-enabled", "true");
        assertEquals(0, backOn.exitCode(), backOn.out() + backOn.err());
        assertTrue(Files.readString(senderRelay).contains("@carol2.example [192.0.2.51]:587"), Files.readString(senderRelay));
        assertEquals(0, run("--disable-domains", "-domains", "carol.example,carol2.example").exitCode());
        assertEquals(0, run("--disable", "-domain", "carol.example").exitCode());
        // a change that leaves -enabled out keeps the relay off, and says so
        CliRun kept = run("--update-domain", "carol.example", "-verify-certificate", "false");
        assertEquals(0, kept.exitCode(), kept.out() + kept.err());
        assertTrue(kept.out().contains("Saved, mail server unchanged") && kept.out().contains("add -enabled true"), kept.out());
        CliRun asked = run("--update-domain", "carol.example", "-enabled", "false", "-verify-certificate", "true");
        assertTrue(asked.out().contains("The relay is off") && !asked.out().contains("stays off"), asked.out());
        CliRun on = run("--update-domain", "carol.example", "-enabled", "true");
        assertEquals(0, on.exitCode(), on.out() + on.err());
        assertTrue(on.out().startsWith("Applied") && !on.out().contains("relay is off") && !on.out().contains("stays off"), on.out());
        assertTrue(Files.readString(senderRelay).contains("@carol.example [192.0.2.51]:587"), Files.readString(senderRelay));
        assertEquals(0, run("--disable", "-domain", "carol.example").exitCode());
        assertEquals(0, run("--remove-domain", "carol2.example").exitCode());
        assertTrue(new ObjectMapper().readTree(run("--info", "-domain", "carol2.example", "-json").out()).get("settings").isNull());
        assertEquals(0, run("--remove-domain", "carol.example").exitCode());
    }

    /**
     * --update-domains keeps what it is not told, as --update-domain does: a change of one option kept every
     * domain's login (password included), backup and on/off state. It took the defaults instead, and with no -auth
     * dropped the logins of all the domains named.
     */
    @Test
    void updateDomainsKeepsTheLoginBackupAndStateItIsNotGiven() throws Exception {
        panel.createDomain("dave.example", "carol");
        panel.createDomain("dave2.example", "carol");
        String both = "dave.example,dave2.example";
        assertEquals(0, runWithStdin(SECRET + "\n", "--update-domains", "-domains", both, "-host", "[192.0.2.70]",
                "-port", "2525", "-encryption", "starttls", "-auth", "true", "-username", "dave", "-password-stdin",
                "-backup-host", "[192.0.2.71]", "-backup-port", "2526").exitCode());
        Path sasl = panel.home().resolve("mail-sandbox/postfix/smarthost/sasl_passwd");
        assertTrue(Files.readString(sasl).contains("@dave2.example dave:" + SECRET), "set");

        CliRun twoSecrets = runWithStdin(SECRET + "\n", "--update-domains", "-domains", both, "-password-stdin",
                "-backup-login", "own", "-backup-username", "b", "-backup-password-stdin");
        assertEquals(2, twoSecrets.exitCode());
        assertTrue(twoSecrets.err().contains("one secret per call on standard input"), twoSecrets.err());
        CliRun one = run("--update-domains", "-domains", both, "-verify-certificate", "false");
        assertEquals(0, one.exitCode(), one.out() + one.err());
        JsonNode info = new ObjectMapper().readTree(run("--info", "-domain", "dave2.example", "-json").out()).get("settings");
        assertTrue(info.get("authentication").asBoolean() && info.get("username").asText().equals("dave")
                && info.get("secretSet").asBoolean(), info.toString());
        assertFalse(info.get("verifyCertificate").asBoolean(), info.toString());
        assertEquals("[192.0.2.71]:2526", info.get("backup").get("relay").asText(), info.toString());
        assertTrue(Files.readString(sasl).contains("@dave.example dave:" + SECRET)
                && Files.readString(sasl).contains("@dave2.example dave:" + SECRET), "the password kept for both");

        // saved values that differ between the domains are named, and nothing is saved
        assertEquals(0, run("--update-domain", "dave2.example", "-enabled", "false", "-verify-certificate", "true").exitCode());
        byte[] before = Files.readAllBytes(sasl);
        CliRun differ = run("--update-domains", "-domains", both, "-backup-port", "2528");
        assertEquals(2, differ.exitCode(), differ.out() + differ.err());
        assertTrue(differ.err().contains("dave.example and dave2.example differ in -enabled, -verify-certificate: give them")
                && differ.err().contains("nothing was saved"), differ.err());
        assertArrayEquals(before, Files.readAllBytes(sasl));
        assertTrue(Files.readString(sasl).contains("@dave.example dave:" + SECRET), "dave2 alone went off");
        assertEquals(0, run("--disable-domains", "-domains", both).exitCode());
        CliRun off = run("--update-domains", "-domains", both, "-port", "2527");
        assertEquals(2, off.exitCode(), "a new port needs the password again: " + off.out() + off.err());
        CliRun kept = run("--update-domains", "-domains", both, "-verify-certificate", "true");
        assertEquals(0, kept.exitCode(), kept.out() + kept.err());
        assertTrue(kept.out().contains("stays off"), kept.out());
        assertFalse(Files.readString(sasl).contains("@dave.example"), "still off");
        assertEquals(0, run("--remove-domain", "dave.example").exitCode());
        assertEquals(0, run("--remove-domain", "dave2.example").exitCode());
    }

    @Test
    void checkSendTestPreviewAndRepair() throws Exception {
        updateServer();
        CliRun check = run("--check");
        assertEquals(0, check.exitCode(), check.out() + check.err());
        assertTrue(check.out().contains("Check passed"), check.out());
        CliRun wrong = runWithStdin("wrong-password\n", "--check", "-host", "[127.0.0.1]", "-port", Integer.toString(relay.port()),
                "-auth", "true", "-username", "cliuser", "-password-stdin", "-json");
        assertEquals(1, wrong.exitCode(), wrong.out());
        assertFalse(new ObjectMapper().readTree(wrong.out()).get("ok").asBoolean());
        assertFalse(wrong.out().contains("wrong-password"));
        String info = run("--info").out();
        assertTrue(info.contains("All steps passed. [ok]"), "the stored relay's check, not the ad-hoc one: " + info);
        CliRun sent = run("--send-test", "-to", "cli-rcpt@example.net", "-from", "cli@example.org");
        assertEquals(0, sent.exitCode(), sent.out() + sent.err());
        assertEquals("cliuser", relay.await(m -> m.to().equals("cli-rcpt@example.net"), Duration.ofSeconds(10)).login().orElseThrow());
        byte[] before = Files.readAllBytes(mainCf());
        CliRun refused = run("--preview", "-host", "[192.0.2.60]");
        assertEquals(2, refused.exitCode(), "another relay needs the password typed again");
        assertTrue(refused.err().contains("-password-stdin"), refused.err());
        CliRun preview = runWithStdin(SECRET + "\n", "--preview", "-host", "[192.0.2.60]", "-password-stdin");
        assertEquals(0, preview.exitCode(), preview.err());
        assertTrue(preview.out().contains("192.0.2.60"), preview.out());
        assertArrayEquals(before, Files.readAllBytes(mainCf()));
        assertEquals(0, run("--repair").exitCode());
    }

    @Test
    void spfStatusApplyAndTemplate() {
        CliRun status = run("--spf", "-domain", "carol.example", "-include", "spf.relay-c.example", "-json");
        assertTrue(status.out().contains("include:spf.relay-c.example"), status.out());
        assertEquals(1, status.exitCode(), "not OK yet");
        CliRun apply = run("--spf", "-domain", "carol.example", "-include", "spf.relay-c.example", "-apply");
        assertEquals(0, apply.exitCode(), apply.out() + apply.err());
        assertTrue(panel.panel().dns().records("carol.example").stream()
                .anyMatch(r -> r.value().contains("include:spf.relay-c.example")));
        assertEquals(0, run("--spf", "-template", "-include", "spf.relay-c.example").exitCode());
        assertBadInput(run("--spf", "-template"), "-include");
        assertBadInput(run("--spf", "-domain", "carol2.example"), "-include");
    }

    @Test
    void disableHintsAtTheIncludeAndSpfRemoveTakesItOut() {
        panel.createDomain("carol3.example", "carol");
        var dns = panel.panel().dns();
        dns.replace("carol3.example", "carol3.example", "TXT", List.of("v=spf1 a include:sendgrid.net -all"));
        CliRun update = runWithStdin("SG.key-carol3\n", "--update-domain", "carol3.example", "-provider", "sendgrid",
                "-host", "smtp.sendgrid.net", "-port", "587", "-encryption", "starttls", "-auth", "true", "-username", "apikey",
                "-password-stdin");
        assertEquals(0, update.exitCode(), update.err());

        CliRun stillNeeded = run("--spf", "-domain", "carol3.example", "-remove");
        assertEquals(1, stillNeeded.exitCode(), stillNeeded.out() + stillNeeded.err());
        assertTrue(stillNeeded.err().contains("still needed"), stillNeeded.err());
        assertEquals(List.of("v=spf1 a include:sendgrid.net -all"), spfValues("carol3.example"));

        CliRun disable = run("--disable", "-domain", "carol3.example");
        assertEquals(0, disable.exitCode(), disable.err());
        assertTrue(disable.out().contains("hint: the SPF record of carol3.example may still authorise include:sendgrid.net;"
                + " remove it with: panel bin smarthost --spf -domain carol3.example -remove -include sendgrid.net"), disable.out());
        assertFalse(run("--disable", "-domain", "carol3.example").out().contains("hint:"), "no relay with an include any more");

        assertBadInput(run("--spf", "-remove"), "-domain");
        assertBadInput(run("--spf", "-domain", "carol3.example", "-remove", "-include", "not a domain"), "-include");
        assertBadInput(run("--spf", "-domain", "carol.example", "-remove"), "-include");
        CliRun removed = run("--spf", "-domain", "carol3.example", "-remove", "-json");
        assertEquals(0, removed.exitCode(), removed.out() + removed.err());
        assertTrue(removed.out().contains("\"APPLIED\""), removed.out());
        assertEquals(List.of("v=spf1 a -all"), spfValues("carol3.example"), "the preset's include, by default");
        CliRun unchanged = run("--spf", "-domain", "carol3.example", "-remove", "-include", "sendgrid.net");
        assertEquals(0, unchanged.exitCode());
        assertTrue(unchanged.out().contains("carol3.example: "), unchanged.out());

        assertEquals(0, run("--spf", "-template", "-include", "sendgrid.net").exitCode());
        assertTrue(dns.template().stream().anyMatch(r -> r.value().contains("include:sendgrid.net")));
        CliRun template = run("--spf", "-template", "-include", "sendgrid.net", "-remove");
        assertEquals(0, template.exitCode(), template.out() + template.err());
        assertFalse(dns.template().stream().anyMatch(r -> r.value().contains("include:sendgrid.net")), dns.template().toString());
    }

    private List<String> spfValues(String domain) {
        return panel.panel().dns().records(domain).stream()
                .filter(r -> r.type().equals("TXT") && r.value().startsWith("v=spf1")).map(r -> r.value()).toList();
    }

    @Test
    void smarterMailLoginNeedsItsOptionsAndReportsAFailedLogin() {
        assertBadInput(run("--smartermail-login", "-username", "admin", "-password-stdin"), "-url");
        assertBadInput(run("--smartermail-login", "-url", "https://mail.example.test/", "-password-stdin"), "-username");
        assertBadInput(run("--smartermail-login", "-url", "https://mail.example.test/", "-username", "admin"), "-password-stdin");
        assertBadInput(runWithStdin("pw\n", "--smartermail-login", "-url", "ftp://x", "-username", "admin", "-password-stdin"), "url");
        CliRun unreachable = runWithStdin(SECRET + "\n", "--smartermail-login", "-url", "http://127.0.0.1:9/", "-username", "admin",
                "-password-stdin");
        assertEquals(1, unreachable.exitCode(), unreachable.err());
        assertTrue(unreachable.err().contains("nothing saved"), unreachable.err());
    }

    /** Issue 13: the options are the fields the backend's settings form names; --smartermail-login = --backend-login smartermail. */
    @Test
    void backendLoginTakesWhatTheBackendAsksFor() throws Exception {
        CliRun help = run("--help");
        assertTrue(help.out().contains("--smartermail-login -url URL -username USERNAME -password-stdin"), help.out());
        assertBadInput(run("--backend-login"), "the selected mail server backend (Postfix) needs no settings besides the relays;"
                + " backends that do: smartermail");
        assertBadInput(run("--backend-login", "postfix"), "--backend-login postfix: no installed backend of that id needs settings");
        assertBadInput(run("--postfix-login"), "unknown command --postfix-login");
        assertBadInput(run("--backend-login", "smartermail", "-username", "admin", "-password-stdin"),
                "-url: SmarterMail's address is required, e.g. -url https://mail.example.com/");
        assertBadInput(run("--smartermail-login", "-url", "https://mail.example.test/", "-username", "admin", "-host", "x"),
                "unknown option -host");
        try {
            hide("smarthost.backend = smartermail\n");
            assertBadInput(run("--backend-login", "-url", "https://mail.example.test/", "-password-stdin"),
                    "-username: the SmarterMail system administrator's login is required");
            assertBadInput(run("--backend-login", "-url", "https://mail.example.test/", "-username", "admin"),
                    "-password-stdin: the password is required and is read from standard input");
            CliRun refused = runWithStdin(SECRET + "\n", "--backend-login", "-url", "http://127.0.0.1:9/", "-username",
                    "admin", "-password-stdin");
            assertEquals(1, refused.exitCode(), refused.err());
            assertTrue(refused.err().startsWith("smarthost: SmarterMail login failed, nothing saved: "), refused.err());
        } finally {
            hide("");
        }
    }

    @Test
    void visibilitySwitchesRefuseEveryCommandOfTheHiddenLevel() throws Exception {
        String[][] server = {{"--update", "-host", "smtp.example.com"}, {"--disable"}, {"--info"}, {"--check"},
                {"--send-test", "-to", "a@example.net", "-from", "b@example.org"}, {"--preview", "-host", "x.example"}};
        String[][] domain = {{"--update-domain", "carol.example", "-host", "smtp.example.com"},
                {"--update-domains", "-domains", "carol.example", "-host", "smtp.example.com"}, {"--disable", "-domain", "carol.example"},
                {"--disable-domains", "-domains", "carol.example"}, {"--remove-domain", "carol.example"},
                {"--info", "-domain", "carol.example"}, {"--list"}, {"--check", "-domain", "carol.example"},
                {"--send-test", "-to", "a@example.net", "-domain", "carol.example"}, {"--preview", "-domain", "carol.example"},
                {"--spf", "-domain", "carol.example", "-include", "x.example"},
                {"--spf", "-domain", "carol.example", "-remove", "-include", "x.example"}};
        try {
            hide("smarthost.server.enabled = false\n");
            for (String[] c : server) {
                assertHidden(run(c), "smarthost.server.enabled");
            }
            // the host asks before the command reads its options: hidden whatever they are
            assertHidden(run("--update", "-no-such-option", "x"), "smarthost.server.enabled");
            assertBadInput(run("--no-such-command"), "--no-such-command");
            assertEquals(0, run("--list").exitCode(), "domain level stays");
            hide("smarthost.domain.enabled = false\n");
            for (String[] c : domain) {
                assertHidden(run(c), "smarthost.domain.enabled");
            }
            assertEquals(0, run("--info").exitCode(), "server level stays");
            hide("");
            assertEquals(0, panel.cli("settings", "--set", "restricted_mode=true").exitCode());
            for (String[][] group : new String[][][] {server, domain, {{"--repair"}}}) {
                for (String[] c : group) {
                    assertHidden(run(c), "restricted mode");
                }
            }
        } finally {
            panel.cli("settings", "--set", "restricted_mode=false");
            hide("");
        }
        assertEquals(0, run("--info").exitCode(), "visible again without reinstalling");
    }

    private void hide(String extra) throws Exception {
        Files.writeString(panel.home().resolve("panel.ini"), INI + extra);
        assertEquals(0, panel.cli("settings", "--reload-ini").exitCode());
    }

    private static void assertHidden(CliRun r, String reason) {
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("is not available") && r.err().contains(reason), r.err());
    }

    /** A bulk command's refused name says where it was: its line of -domains-from's file, its place in -domains. */
    @Test
    void aRefusedNameOfABulkCommandSaysWhereItWas(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("domains.txt");
        Files.writeString(file, "# the customers' domains\ncarol.example\n\ncarol..example\ncarol2.example\n");
        assertBadInput(run("--update-domains", "-domains-from", file.toString(), "-host", "[192.0.2.52]"),
                "'carol..example' is not a valid domain name (line 4 of " + file + ")");
        Files.writeString(file, "carol.example\n  nowhere.example\ncarol2.example\n");
        assertBadInput(run("--disable-domains", "-domains-from", file.toString()),
                "nowhere.example does not exist (line 2 of " + file + ")");
        assertBadInput(run("--disable-domains", "-domains", "carol.example, carol2.example , nowhere.example"),
                "nowhere.example does not exist (item 3 of -domains)");
        // a byte order mark before a comment, CRLF line ends, a lone CR inside a line (grep's line numbers)
        Files.write(file, "\uFEFF# a comment\r\ncarol.example\r\nnowhere.example\r\n".getBytes(StandardCharsets.UTF_8));
        assertBadInput(run("--disable-domains", "-domains-from", file.toString()),
                "nowhere.example does not exist (line 3 of " + file + ")");
        Files.write(file, "carol.example\rcarol2.example\nnowhere.example\n".getBytes(StandardCharsets.UTF_8));
        assertBadInput(run("--disable-domains", "-domains-from", file.toString()), "(line 1 of " + file + ")");
        Files.write(file, new byte[] {'c', '.', 'e', 'x', '\n', 'a', (byte) 0xff, '\n'});
        assertBadInput(run("--disable-domains", "-domains-from", file.toString()), file + " is not UTF-8 text (line 2)");
    }

    /** A mistyped command or option is refused with the one it was most likely meant to be, and nothing runs. */
    @Test
    void aTypoIsAnsweredWithWhatItWasMeantToBe() {
        assertBadInput(run("--updat-domain", "carol.example", "-host", "[192.0.2.54]"),
                "unknown command --updat-domain (did you mean --update-domain?); see panel bin smarthost --help");
        assertBadInput(run("--update-domain", "carol.example", "-hots", "[192.0.2.54]"),
                "unknown option -hots for --update-domain (did you mean -host?)");
        assertBadInput(run("--frobnicate"), "unknown command --frobnicate; see panel bin smarthost --help");
        assertBadInput(run("--LIST"), "unknown command --LIST (did you mean --list?)");
        // a word after a flag is not repeated: it may be the secret itself (runWithStdin checks no output holds SECRET)
        assertBadInput(run("--update", "-host", "b.example", "-backup-password-stdin", SECRET),
                "-backup-password-stdin takes no value: the secret is read from standard input");
        assertBadInput(run("--update", "-host", "b.example", "-username", "apikey", SECRET),
                "unexpected word (word 6 of the command, after the value of -username)");
    }

    /** An empty item of -domains is a name left out: refused with its place, nothing changed (a REST list's blank name is too). */
    @Test
    void anEmptyItemOfDomainsIsRefusedWithItsPlace() throws Exception {
        Path senderRelay = panel.home().resolve("mail-sandbox/postfix/smarthost/sender_relay");
        byte[] before = Files.exists(senderRelay) ? Files.readAllBytes(senderRelay) : new byte[0];
        for (String[] c : new String[][] {
                {"carol.example,,carol2.example", "item 2 of 3 is empty (two commas with nothing between them)"},
                {"carol.example, ,carol2.example", "item 2 of 3 is empty (nothing but spaces between two commas)"},
                {",carol.example", "item 1 of 2 is empty (a comma at the start)"},
                {"carol.example,", "item 2 of 2 is empty (a comma at the end)"}}) {
            CliRun r = run("--update-domains", "-domains", c[0], "-host", "[192.0.2.53]");
            assertBadInput(r, "-domains: " + c[1]);
            assertFalse(r.out().contains("Saved"), r.out());
        }
        assertBadInput(run("--update-domains", "-domains", " ", "-host", "[192.0.2.53]"), "option -domains is given an empty value");
        assertArrayEquals(before, Files.exists(senderRelay) ? Files.readAllBytes(senderRelay) : new byte[0], "nothing changed");
    }

    /** -domains-from - reads standard input; a missing or empty file is named as such (hostile tester, session 21). */
    @Test
    void domainsFromStandardInputAndFilesThatNameNone(@TempDir Path dir) throws Exception {
        CliRun stdin = runWithStdin("# from a pipe\ncarol.example\n", "--update-domains", "-domains-from", "-", "-host",
                "[192.0.2.53]", "-port", "25", "-encryption", "none", "-auth", "false");
        assertEquals(0, stdin.exitCode(), stdin.out() + stdin.err());
        assertTrue(stdin.out().contains("carol.example"), stdin.out());
        assertBadInput(runWithStdin("carol.example\nnowhere.example\n", "--disable-domains", "-domains-from", "-"),
                "nowhere.example does not exist (line 2 of standard input)");
        assertBadInput(runWithStdin("carol.example\n", "--update-domains", "-domains-from", "-", "-host", "[192.0.2.54]",
                "-auth", "true", "-username", "u", "-password-stdin"), "both read standard input");
        Path missing = dir.resolve("missing.txt");
        assertBadInput(run("--disable-domains", "-domains-from", missing.toString()), "-domains-from: " + missing + ": no such file");
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "# nothing yet\n\n");
        assertBadInput(run("--disable-domains", "-domains-from", empty.toString()),
                "-domains-from: " + empty + " names no domain");
        assertBadInput(run("--disable-domains", "-domains-from", dir.toString()), "-domains-from: cannot read " + dir);
    }

    private static void assertBadInput(CliRun r, String naming) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains(naming), "message should name " + naming + ": " + r.err());
    }

    /** Asking for help in any form prints it and exits 0 ({@code -h} and {@code help} exited 2), whatever else is on the line. */
    @Test
    void everyHelpWordPrintsTheHelpAndExitsZero() {
        for (String[] words : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"-help"}, new String[] {"help"},
                new String[] {"--list", "--help"}, new String[] {"--update-domain", "carol.example", "-host", "x.example", "-h"})) {
            CliRun help = run(words);
            String line = String.join(" ", words);
            assertEquals(0, help.exitCode(), line + ": " + help.err());
            assertTrue(help.out().contains("panel bin smarthost COMMAND [options]"), line + ": " + help.out());
            assertEquals("", help.err(), line);
        }
        CliRun helpFirst = panel.cli("help", "smarthost");
        assertEquals(0, helpFirst.exitCode(), helpFirst.err());
        assertTrue(helpFirst.out().contains("panel bin smarthost COMMAND [options]"), helpFirst.out());
        assertBadInput(run("--list", "-hlp"), "unknown option -hlp for --list");
    }
}
