package io.smarthost.ui.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.TestRelay;
import io.smarthost.ui.testing.TwoCustomers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery status in a real panel: the panel's sandbox Postfix started for real, mail handed to it with its own
 * {@code sendmail -C DIR}, relays on 127.0.0.1, the plugin's background reader following the maillog. Two
 * customers' domains on the same relay with different logins (bob's wrong): each customer sees only their own
 * domain's figures, the admin sees the server's, the CLI exits 1 for the failing relay, the pages show the card in
 * English and French, and the relay password never appears.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryStatusPanelTest {
    static final String BASE = "/api/v2/plugins/smarthost/";
    static final String SECRET = "Server-s3cret-41aa";
    static final ObjectMapper JSON = new ObjectMapper();

    TestPanel panel;
    TestRelay relay;
    PanelClient admin;
    PanelClient alice;
    PanelClient bob;
    SandboxPostfix postfix;

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        relay = SandboxPostfix.startRelay(SECRET);
        panel = SandboxPostfix.startPanel(home);
        TwoCustomers customers = TwoCustomers.in(panel);
        admin = customers.admin();
        alice = customers.alice();
        bob = customers.bob();
        ok(admin.json("PUT", BASE + "server", relay("server-login", SECRET)));
        ok(admin.json("PUT", BASE + "domains/alice.example", relay("alice-login", "alice-pw")));
        ok(admin.json("PUT", BASE + "domains/bob.example", relay("bob-login", "WRONG-bob")));
        postfix = SandboxPostfix.start(panel);
        panel.panel().announceStarted(Optional.of("smarthost")); // what panel start does: the background reader
    }

    @AfterAll
    void stop() throws Exception {
        try {
            postfix.stop();
        } finally {
            panel.close();
            relay.close();
        }
    }

    String relay(String user, String password) {
        return SandboxPostfix.relayJson(relay, user, password);
    }

    static JsonNode ok(HttpReply r) throws IOException {
        assertEquals(200, r.status(), r.toString());
        assertFalse(r.body().contains(SECRET), "the relay password appeared: " + r.body());
        return JSON.readTree(r.body());
    }

    /** Hands a message to the sandbox Postfix the way local programs do: its sendmail with -C DIR. */
    void sendmail(String from, String to) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/sbin/sendmail", "-C", postfix.dir.toString(), "-f", from, to).start();
        p.getOutputStream().write(("From: <" + from + ">\nTo: <" + to + ">\nSubject: status test\n\nbody\n")
                .getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    JsonNode awaitStatus(PanelClient who, String path, Predicate<JsonNode> done) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            last = ok(who.get(BASE + path));
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("not within 40 s: " + path + " = " + last + "\nmaillog:\n" + postfix.maillog());
    }

    @Test
    @Order(1)
    void eachCustomerSeesOnlyTheirOwnDomainAndTheBackgroundReaderCounts() throws Exception {
        sendmail("news@alice.example", "a@remote.example");
        sendmail("news@alias-alice.example", "b@remote.example");
        sendmail("shop@bob.example", "c@remote.example");
        sendmail("root@unhosted.example", "d@remote.example");

        JsonNode a = awaitStatus(alice, "domains/alice.example/status", j -> j.get("last24h").get("sent").asInt() == 2);
        assertEquals("OK", a.get("state").asText());
        assertTrue(a.get("source").isNull(), "customers are not told where the log is");
        // one deferral: announced (FAILING, banner, action log) once it held ScopeStats.STABLE with nothing sent since
        JsonNode b = awaitStatus(bob, "domains/bob.example/status", j -> j.get("last24h").get("deferred").asInt() >= 1
                && j.get("state").asText().equals("FAILING"));
        assertEquals("FAILING", b.get("state").asText());
        assertTrue(b.get("failing").asBoolean());
        assertEquals(535, b.get("lastError").get("replyCode").asInt());
        assertEquals("auth-failed", b.get("lastError").get("kind").asText());
        assertTrue(b.get("lastError").get("advice").asText().contains("password"), b.toString());

        // the host answers another customer's domain as if it did not exist
        assertEquals(404, alice.get(BASE + "domains/bob.example/status").status(), "not alice's domain");
        assertEquals(404, bob.get(BASE + "domains/alice.example/status").status(), "not bob's domain");
        assertTrue(Set.of(403, 404).contains(alice.get(BASE + "server/status").status()), "the server's figures are the admin's");
        assertTrue(Set.of(403, 404).contains(alice.json("POST", BASE + "server/queue/retry", "").status()), "retry is the admin's");

        JsonNode server = awaitStatus(admin, "server/status", j -> j.get("last24h").get("sent").asInt() >= 1);
        assertEquals(1, server.get("last24h").get("sent").asInt(), "only the unhosted sender used the server relay (so far)");
        assertTrue(server.get("source").asText().endsWith("log/maillog"), server.toString());
        assertTrue(alice.get(BASE + "domains/alias-alice.example/status").status() == 200, "an alias names its domain");
        panel.createDomain("carol.example", "alice"); // no relay of its own: the server's carries its mail
        sendmail("info@carol.example", "e@remote.example");
        JsonNode carol = awaitStatus(alice, "domains/carol.example/status", j -> j.get("last24h").get("sent").asInt() == 1);
        assertEquals("server", carol.get("via").asText());
        assertEquals("(relay)", carol.get("lastRelay").asText(), "a customer is not told the server relay's address");
        assertEquals("127.0.0.1[127.0.0.1]:" + relay.port(),
                ok(admin.get(BASE + "domains/carol.example/status")).get("lastRelay").asText(), "the admin is");
    }

    @Test
    @Order(2)
    void theCliExitsOneWhileTheRelayFailsAndTheQueueNamesTheMessage() throws Exception {
        TestPanel.CliRun failing = panel.cli("smarthost", "--status", "-domain", "bob.example");
        assertEquals(1, failing.exitCode(), failing.out() + failing.err());
        assertTrue(failing.out().contains("FAILING") && failing.out().contains("reply 535"), failing.out());
        assertTrue(failing.out().contains("queue: 1 waiting"), failing.out());
        TestPanel.CliRun fine = panel.cli("smarthost", "--status", "-domain", "alice.example", "-json");
        assertEquals(0, fine.exitCode(), fine.out() + fine.err());
        assertEquals(2, JSON.readTree(fine.out()).get("last24h").get("sent").asInt());
        assertEquals(2, panel.cli("smarthost", "--status", "-domain", "nowhere.example").exitCode());
        assertEquals(2, panel.cli("smarthost", "--retry", "-queue-id", "../../x").exitCode(), "a malformed id is bad input");
    }

    @Test
    @Order(3)
    void thePagesShowTheCardInEnglishAndFrenchAndTheListHasTheColumns() throws Exception {
        PanelClient bobWeb = panel.login("bob");
        String url = "/plugins/smarthost/domains/bob.example";
        String page = bobWeb.get(url).body();
        assertTrue(page.contains("id=\"delivery\""), page);
        assertTrue(page.contains("id=\"delivery-banner\""), "the failing relay shows as a banner");
        assertTrue(page.contains("The relay refused the login (reply 535)"), page);
        assertTrue(page.contains("<svg") && page.contains("id=\"delivery-chart-table\""), "chart with its table");
        assertFalse(page.contains("id=\"delivery-retry\""), "no retry for customers");
        assertFalse(page.contains("alice.example"), "nothing of another customer");
        bobWeb.post("/lang", Map.of("lang", "fr", "next", url));
        String french = bobWeb.get(url).body();
        assertTrue(french.contains("Remise") && french.contains("identification"), french);
        PanelClient adminWeb = panel.login("admin");
        String server = adminWeb.get("/plugins/smarthost/server").body();
        assertTrue(server.contains("id=\"delivery\"") && server.contains("id=\"delivery-source\""), server);
        String list = adminWeb.get("/plugins/smarthost/list").body();
        assertTrue(list.contains("class=\"sh-sent24h\""), list);
        assertFalse(server.contains(SECRET) || list.contains(SECRET));
    }

    @Test
    @Order(4)
    void afterFixingThePasswordRetryNowDeliversAndTheFiguresMove() throws Exception {
        ok(admin.json("PUT", BASE + "domains/bob.example", relay("bob-login", "bob-pw")));
        ok(admin.json("POST", BASE + "server/queue/retry", ""));
        // one message out after the failure: the recovery is announced once it held ScopeStats.STABLE
        JsonNode b = awaitStatus(bob, "domains/bob.example/status", j -> j.get("last24h").get("sent").asInt() == 1
                && j.get("state").asText().equals("OK"));
        assertEquals("OK", b.get("state").asText());
        TestPanel.CliRun fine = panel.cli("smarthost", "--status", "-domain", "bob.example");
        assertEquals(0, fine.exitCode(), fine.out());
        assertTrue(relay.received().stream().anyMatch(r -> r.from().equals("shop@bob.example")
                && r.login().equals(Optional.of("bob-login"))));
        assertEquals(0, ok(bob.get(BASE + "domains/bob.example/status")).get("queue").get("count").asInt() > 0 ? 1 : 0,
                "nothing waits any more once the queue was looked at again");
    }

    @Test
    @Order(5)
    void aTestMessageThroughTheMailServerReportsTheRelaysReply() throws Exception {
        TestPanel.CliRun run = panel.cli("smarthost", "--send-test", "-via-mta", "-to", "check@remote.example",
                "-domain", "alice.example", "-json");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        JsonNode j = JSON.readTree(run.out());
        assertEquals("SENT", j.get("outcome").asText());
        assertEquals("127.0.0.1[127.0.0.1]:" + relay.port(), j.get("relay").asText());
        assertFalse(j.get("queueId").asText().isEmpty());
        assertTrue(relay.received().stream().anyMatch(r -> r.from().equals("postmaster@alice.example")
                && r.login().equals(Optional.of("alice-login"))));
        TestPanel.CliRun text = panel.cli("smarthost", "--send-test", "-via-mta", "-to", "check@remote.example",
                "-from", "root@unhosted.example");
        assertEquals(0, text.exitCode(), text.out() + text.err());
        assertTrue(text.out().startsWith("Accepted by 127.0.0.1[127.0.0.1]:"), text.out());
        assertFalse(text.out().contains(SECRET));
    }

    /**
     * A hostile tester: a domain's status mixed its relay with the relays of its addresses. An address of alice's
     * domain on a relay of its own with a wrong password: its failures are the address's (REST, the domain page's list
     * of addresses, the CLI), never the domain's, whose relay keeps delivering.
     */
    @Test
    @Order(6)
    void anAddressOnItsOwnFailingRelayIsCountedApartFromItsDomain() throws Exception {
        ok(admin.json("PUT", BASE + "domains/alice.example/senders/billing@alice.example", relay("billing-login", "WRONG-billing")));
        int sentBefore = ok(alice.get(BASE + "domains/alice.example/status")).get("last24h").get("sent").asInt();
        sendmail("billing@alice.example", "f@remote.example");
        sendmail("news@alice.example", "g@remote.example");
        sendmail("billing@alice.example", "h@remote.example");
        String path = "domains/alice.example/senders/billing@alice.example/status";
        JsonNode billing = awaitStatus(alice, path, j -> j.get("last24h").get("deferred").asInt() == 2
                && j.get("state").asText().equals("FAILING"));
        assertEquals(0, billing.get("last24h").get("sent").asInt());
        assertEquals("sender", billing.get("via").asText());
        assertEquals(535, billing.get("lastError").get("replyCode").asInt());
        assertEquals("127.0.0.1[127.0.0.1]:" + relay.port(), billing.get("lastRelay").asText(), "the customer's own relay");
        JsonNode domain = awaitStatus(alice, "domains/alice.example/status",
                j -> j.get("last24h").get("sent").asInt() >= sentBefore + 1); // (the reader may count earlier mail too)
        assertEquals("OK", domain.get("state").asText(), "the domain's relay works: " + domain);
        assertEquals(0, domain.get("last24h").get("deferred").asInt(), "billing's deferrals are not the domain's");

        assertEquals(404, bob.get(BASE + path).status(), "not bob's domain");
        assertEquals(404, alice.get(BASE + "domains/alice.example/senders/news@alice.example/status").status(),
                "news has no relay of its own: its mail is the domain's");
        assertEquals(400, alice.get(BASE + "domains/alice.example/senders/billing@bob.example/status").status());

        String page = panel.login("alice").get("/plugins/smarthost/domains/alice.example").body();
        assertTrue(page.contains("class=\"sh-sender-delivery\"") && page.contains("badge-failed"), page);
        assertTrue(page.contains("id=\"delivery-senders\"") && page.contains("billing@alice.example"), page);
        assertFalse(page.contains("id=\"delivery-banner\""), "the domain's relay is not failing");

        TestPanel.CliRun cli = panel.cli("smarthost", "--status", "-sender", "billing@alice.example");
        assertEquals(1, cli.exitCode(), cli.out() + cli.err());
        assertTrue(cli.out().contains("through its own relay: FAILING"), cli.out());
        assertEquals(0, panel.cli("smarthost", "--status", "-domain", "alice.example").exitCode());
        assertEquals(2, panel.cli("smarthost", "--status", "-sender", "news@alice.example").exitCode(), "no relay of its own");
    }
    /**
     * Hostile tester, continued (billing's relay of its own still refuses its login). A: the sandbox's main.cf has
     * {@code recipient_delimiter = +}, so Postfix sends {@code billing+tag@alice.example} through billing's relay: it
     * counts there, not for the domain, and {@code --status -sender}, REST and which-relay say so (they said "no relay
     * of its own", the domain's relay, and the domain's figures took it). I: billing's relay turned off, REST answered
     * 200 with its old figures while the CLI said "no relay of its own"; both refuse now, with the same reason.
     * H: the dashboard's Health card kept "billing's own relay is failing" after it was gone.
     */
    @Test
    @Order(7)
    void anExtensionFollowsItsAddressAndATurnedOffRelayIsNoneAnywhere() throws Exception {
        int domainDeferred = ok(alice.get(BASE + "domains/alice.example/status")).get("last24h").get("deferred").asInt();
        sendmail("billing+tag@alice.example", "i@remote.example");
        String path = "domains/alice.example/senders/billing@alice.example/status";
        awaitStatus(alice, path, j -> j.get("last24h").get("deferred").asInt() == 3);
        assertEquals(domainDeferred, ok(alice.get(BASE + "domains/alice.example/status")).get("last24h").get("deferred")
                .asInt(), "billing+tag's deferral is billing's relay's");
        JsonNode tagged = ok(alice.get(BASE + "domains/alice.example/senders/billing+tag@alice.example/status"));
        assertEquals("billing@alice.example", tagged.get("scope").asText());
        TestPanel.CliRun cli = panel.cli("smarthost", "--status", "-sender", "billing+tag@alice.example");
        assertEquals(1, cli.exitCode(), cli.out() + cli.err());
        assertTrue(cli.out().contains("billing+tag@alice.example has no relay of its own: the mail server sends its mail"
                + " through the relay of billing@alice.example, the address without its extension."), cli.out());
        assertTrue(cli.out().contains("Mail of billing@alice.example through its own relay: FAILING"), cli.out());
        TestPanel.CliRun which = panel.cli("smarthost", "--which-relay", "billing+tag@alice.example");
        assertTrue(which.out().contains("goes through the relay of billing@alice.example, the same address without its"
                + " extension"), which.out() + which.err());
        String health = "--status -sender billing@alice.example";
        assertTrue(panel.login("admin").get("/").body().contains(health), "billing's relay fails, on the Health card");

        TestPanel.CliRun off = panel.cli("smarthost", "--update-sender", "billing@alice.example", "-enabled", "false");
        assertEquals(0, off.exitCode(), off.out() + off.err());
        String reason = "billing@alice.example has no relay of its own (its relay is turned off): its mail is its"
                + " domain's (alice.example)";
        HttpReply rest = alice.get(BASE + path);
        assertEquals(404, rest.status(), rest.toString());
        assertTrue(rest.body().contains(reason), rest.body());
        TestPanel.CliRun status = panel.cli("smarthost", "--status", "-sender", "billing@alice.example");
        assertEquals(2, status.exitCode(), status.out() + status.err());
        assertTrue((status.out() + status.err()).contains(reason), status.out() + status.err());
        assertEquals(404, alice.get(BASE + "domains/alice.example/senders/billing+tag@alice.example/status").status());
        assertFalse(panel.login("admin").get("/").body().contains(health), "a relay turned off is not failing");
    }
}
