package io.smarthost.ui.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.PostgresCluster;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.PostfixInstance;
import io.smarthost.postfix.testing.TestRelay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Postfix nodes reading the relay maps from the panel's PostgreSQL ({@code [mail] smarthost.postfix.maps =
 * pgsql}): a throwaway cluster of their own (the node role logs in with its password, scram-sha-256), the panel
 * on it, two throwaway Postfix instances set up with {@code --node-setup}, a STARTTLS relay requiring AUTH on
 * 127.0.0.1. Each message must arrive with the login of its sender's domain (or the server's), a one-domain
 * change through REST must be used by both nodes for the next message without postmap or reload, the node role
 * must be refused the panel's tables, and with PostgreSQL stopped mail must wait (deferred, never bounced) and go
 * out after it returns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostfixNodesTest {
    static final String BASE = "/api/v2/plugins/smarthost/";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> LOGINS = Map.of("server-login", "Server-pw-1", "alpha-login", "Alpha-pw-2",
            "beta-login", "Beta-pw-3", "beta-new", "Beta-new-pw-4");

    PostgresCluster cluster;
    String database;
    TestPanel panel;
    TestRelay relay;
    PanelClient admin;
    PostfixInstance node1;
    PostfixInstance node2;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        PostfixInstance.requirePostfix();
        assertTrue(Files.exists(Path.of("/usr/lib/postfix/postfix-pgsql.so")),
                "Postfix's pgsql map type is needed: apt-get install postfix-pgsql (./panel test does)");
        cluster = PostgresCluster.start();
        // the node role logs in with its password; the test's superuser keeps trust
        Path hba = cluster.dataDirectory().resolve("pg_hba.conf");
        Files.writeString(hba, "host all smarthost_node 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
        cluster.stopServer();
        cluster.startServer();
        database = cluster.createDatabase();
        TestPanel.useDatabase(cluster.url(database), "postgres", "");
        relay = TestRelay.start(TestRelay.Mode.STARTTLS, LOGINS);
        Path home = tmp.resolve("home");
        panel = TestPanel.builder(home).classpathPlugin("smarthost").ini("[mail]\nsmarthost.postfix.maps = pgsql\n"
                + "smarthost.allowUntrustedCertificate = true\nsmarthost.spf.resolver = 127.0.0.1:9\n"
                + "smarthost.spf.timeout_ms = 200\n").start();
        panel.createCustomer("carol");
        panel.createDomain("alpha.example", "carol");
        panel.createDomain("beta.example", "carol");
        admin = panel.api(panel.apiKey("admin"));
        ok(admin.json("PUT", BASE + "server", relay("server-login")));
        ok(admin.json("PUT", BASE + "domains/alpha.example", relay("alpha-login")));
        ok(admin.json("PUT", BASE + "domains/beta.example", relay("beta-login")));
        node1 = PostfixInstance.create(tmp.resolve("node1"));
        node2 = PostfixInstance.create(tmp.resolve("node2"));
        for (PostfixInstance node : List.of(node1, node2)) {
            String name = node == node1 ? "node-1" : "node-2";
            TestPanel.CliRun setup = panel.cli("smarthost", "--node-setup", "-config-directory", node.configDir().toString(),
                    "-name", name);
            assertEquals(0, setup.exitCode(), setup.out() + setup.err());
            node.start();
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {node1, node2, panel, relay, cluster}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // the others still stop
            }
        }
        TestPanel.useDatabase(null, null, null);
    }

    String relay(String user) {
        return "{\"host\":\"[127.0.0.1]\",\"port\":" + relay.port() + ",\"encryption\":\"starttls\",\"verifyCertificate\":false,"
                + "\"authentication\":true,\"username\":\"" + user + "\",\"password\":\"" + LOGINS.get(user) + "\"}";
    }

    static JsonNode ok(HttpReply r) throws IOException {
        assertEquals(200, r.status(), r.toString());
        LOGINS.values().forEach(pw -> assertFalse(r.body().contains(pw), "a relay password appeared: " + r.body()));
        return JSON.readTree(r.body());
    }

    void assertArrives(PostfixInstance node, String subject, String login) throws InterruptedException {
        TestRelay.Received got;
        try {
            got = relay.await(m -> m.hasSubject(subject), Duration.ofSeconds(30));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(subject + " did not arrive: " + e.getMessage() + "\nmaillog:\n" + node.maillog(), e);
        }
        if (got == null) {
            throw new AssertionError(subject + " did not arrive; maillog:\n" + node.maillog());
        }
        assertEquals(java.util.Optional.of(login), got.login(), subject + " arrived with the wrong login");
        assertTrue(got.tls(), subject + " arrived without TLS");
    }

    @Test
    @Order(1)
    void twoDomainsOnOneRelayAndTheServerFallbackEachWithItsLoginThroughBothNodes() throws Exception {
        for (PostfixInstance node : List.of(node1, node2)) {
            String n = node == node1 ? "n1" : "n2";
            node.send("news@alpha.example", "a@remote.example", n + "-alpha");
            node.send("news@beta.example", "b@remote.example", n + "-beta");
            node.send("root@unhosted.example", "c@remote.example", n + "-fallback");
            assertArrives(node, n + "-alpha", "alpha-login");
            assertArrives(node, n + "-beta", "beta-login");
            assertArrives(node, n + "-fallback", "server-login");
        }
        for (PostfixInstance node : List.of(node1, node2)) {
            Path dir = node.configDir();
            String main = Files.readString(dir.resolve("main.cf"));
            assertTrue(main.contains("sender_dependent_relayhost_maps = pgsql:" + dir.resolve("pgsql-sender_relay.cf")), main);
            assertTrue(main.contains("smtp_sasl_password_maps = pgsql:" + dir.resolve("pgsql-sasl_passwd.cf")), main);
            assertTrue(main.contains("compatibility_level = 3.6"), "lines not managed stay: " + main);
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> cf = files.filter(f -> f.getFileName().toString().startsWith("pgsql-")).toList();
                assertEquals(3, cf.size(), cf.toString());
                for (Path f : cf) {
                    PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class);
                    assertEquals("rw-r-----", PosixFilePermissions.toString(a.permissions()), f.toString());
                    assertEquals("postfix", a.group().getName(), f.toString());
                }
            }
        }
    }

    @Test
    @Order(2)
    void aOneDomainChangeThroughRestIsUsedByBothNodesForTheNextMessageWithoutPostmapOrReload() throws Exception {
        byte[] main1 = Files.readAllBytes(node1.configDir().resolve("main.cf"));
        JsonNode r = ok(admin.json("PUT", BASE + "domains/beta.example", relay("beta-new")));
        assertTrue(r.toString().contains("pgsql maps"), r.toString());
        for (PostfixInstance node : List.of(node1, node2)) {
            String n = node == node1 ? "n1" : "n2";
            node.send("news@beta.example", "b@remote.example", n + "-beta-after");
            assertArrives(node, n + "-beta-after", "beta-new");
            node.send("news@alpha.example", "a@remote.example", n + "-alpha-after");
            assertArrives(node, n + "-alpha-after", "alpha-login");
            assertFalse(node.maillog().contains("reload"), "the node was reloaded:\n" + node.maillog());
            try (Stream<Path> files = Files.walk(node.configDir())) {
                assertTrue(files.noneMatch(f -> f.toString().endsWith(".db")), "a node has a hash table");
            }
        }
        TestPanel.CliRun verify = panel.cli("smarthost", "--verify");
        assertEquals(0, verify.exitCode(), "the self-check compares the rows: " + verify.out() + verify.err());
        assertEquals(-1, java.util.Arrays.mismatch(main1, Files.readAllBytes(node1.configDir().resolve("main.cf"))),
                "a domain change does not touch a node's main.cf");
    }

    /**
     * The preview compares with the rows the nodes read: it read the files mode's text maps, which this mode
     * does not write, and so proposed to add every entry that was already there.
     */
    @Test
    @Order(3)
    void thePreviewComparesWithTheRowsTheNodesRead() throws Exception {
        JsonNode same = ok(admin.json("POST", BASE + "domains/beta.example/preview", relay("beta-new")));
        Map<String, JsonNode> lines = new java.util.HashMap<>();
        same.get("lines").forEach(l -> lines.put(l.get("setting").asText(), l));
        JsonNode login = lines.get("sasl_passwd: @beta.example");
        assertEquals("KEEP", login.get("action").asText(), same.toString());
        assertEquals("beta-new:******", login.get("current").asText(), "the row's login, its password masked");
        assertEquals("KEEP", lines.get("sender_relay: @beta.example").get("action").asText(), same.toString());
        assertEquals("KEEP", lines.get("sender_relay: @alpha.example").get("action").asText(), same.toString());

        JsonNode other = ok(admin.json("POST", BASE + "domains/beta.example/preview", relay("beta-login")));
        lines.clear();
        other.get("lines").forEach(l -> lines.put(l.get("setting").asText(), l));
        assertEquals("CHANGE", lines.get("sasl_passwd: @beta.example").get("action").asText(), other.toString());
        assertEquals("beta-new:******", lines.get("sasl_passwd: @beta.example").get("current").asText());
        assertEquals("beta-login:******", lines.get("sasl_passwd: @beta.example").get("proposed").asText());
        assertEquals("KEEP", lines.get("sender_relay: @beta.example").get("action").asText(), "same relay host");
    }

    /**
     * An IDN domain's sender written in Unicode (SMTPUTF8 {@code MAIL FROM:<news@bücher.example>}): Postfix looks
     * {@code @bücher.example} up as it is, and with the ASCII row alone the mail took the server's relay and login.
     * The one-domain change writes the Unicode row beside the ASCII one, and the self-check calls it the panel's own.
     */
    @Test
    @Order(4)
    void aUnicodeSenderOfAnIdnDomainTakesTheDomainsRelayThroughBothNodes() throws Exception {
        panel.createDomain("xn--bcher-kva.example", "carol");
        ok(admin.json("PUT", BASE + "domains/xn--bcher-kva.example", relay("alpha-login")));
        for (PostfixInstance node : List.of(node1, node2)) {
            String n = node == node1 ? "n1" : "n2";
            node.sendSmtputf8("news@bücher.example", "u@remote.example", n + "-idn-unicode");
            assertArrives(node, n + "-idn-unicode", "alpha-login");
            node.send("news@xn--bcher-kva.example", "u@remote.example", n + "-idn-ascii");
            assertArrives(node, n + "-idn-ascii", "alpha-login");
        }
        TestPanel.CliRun verify = panel.cli("smarthost", "--verify");
        assertEquals(0, verify.exitCode(), "the Unicode rows are the panel's own: " + verify.out() + verify.err());
        ok(admin.json("DELETE", BASE + "domains/xn--bcher-kva.example", null));
        node1.sendSmtputf8("news@bücher.example", "u@remote.example", "n1-idn-removed");
        assertArrives(node1, "n1-idn-removed", "server-login");
        verify = panel.cli("smarthost", "--verify");
        assertEquals(0, verify.exitCode(), "no Unicode row is left behind: " + verify.out() + verify.err());
    }

    @Test
    @Order(5)
    void theNodeRoleReadsItsThreeViewsAndIsRefusedThePanelsTables() throws Exception {
        String cf = Files.readString(node1.configDir().resolve("pgsql-sasl_passwd.cf"));
        Matcher pw = Pattern.compile("(?m)^password = (\\S+)$").matcher(cf);
        assertTrue(pw.find(), cf);
        assertThrows(SQLException.class, () -> DriverManager.getConnection(cluster.url(database), "smarthost_node", "wrong").close(),
                "the node role needs its password");
        try (Connection c = DriverManager.getConnection(cluster.url(database), "smarthost_node", pw.group(1));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select v from smarthost.sender_relay where k = '@alpha.example'")) {
                assertTrue(rs.next());
                assertEquals("[127.0.0.1]:" + relay.port(), rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("select secret from smarthost.sasl_passwd where k = '@alpha.example'")) {
                assertTrue(rs.next());
                assertFalse(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1).contains("Alpha-pw-2"),
                        "the login is stored sealed");
            }
            for (String table : List.of("plugin_settings", "users", "api_keys", "domains", "smarthost.maps", "smarthost.nodes")) {
                SQLException refused = assertThrows(SQLException.class, () -> s.executeQuery("select * from " + table).close(), table);
                assertEquals("42501", refused.getSQLState(), table + ": " + refused.getMessage());
            }
        }
    }

    @Test
    @Order(6)
    void aServerWideChangeLeavesTheNodesBehindUntilTheySync() throws Exception {
        JsonNode before = JSON.readTree(panel.cli("smarthost", "--nodes", "-json").out());
        assertFalse(before.get("nodes").get(0).get("behind").asBoolean(), before.toString());
        // certificate verification is the server relay's route (default_transport): a main.cf change for every node
        ok(admin.json("PUT", BASE + "server", relay("server-login").replace("\"verifyCertificate\":false", "\"verifyCertificate\":true")));
        TestPanel.CliRun lagging = panel.cli("smarthost", "--nodes", "-json");
        assertEquals(1, lagging.exitCode(), "a node lags: exit 1 " + lagging.out());
        JsonNode after = JSON.readTree(lagging.out());
        assertTrue(after.get("generation").asLong() > before.get("generation").asLong(), after.toString());
        assertTrue(after.get("nodes").get(0).get("behind").asBoolean(), after.toString());
        TestPanel.CliRun verify = panel.cli("smarthost", "--verify");
        assertEquals(1, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("node-1: this node applied") && verify.out().contains("--node-sync"), verify.out());
        TestPanel.CliRun sync = panel.cli("smarthost", "--node-sync", "-config-directory", node1.configDir().toString());
        assertEquals(0, sync.exitCode(), sync.out() + sync.err());
        assertTrue(Files.readString(node1.configDir().resolve("main.cf")).contains("default_transport = smarthost-starttls-verify"),
                Files.readString(node1.configDir().resolve("main.cf")));
        JsonNode synced = JSON.readTree(panel.cli("smarthost", "--nodes", "-json").out());
        assertFalse(synced.get("nodes").get(0).get("behind").asBoolean(), synced.toString());
        assertTrue(synced.get("nodes").get(1).get("behind").asBoolean(), "node-2 did not sync: " + synced);
        assertEquals(0, panel.cli("smarthost", "--node-sync", "-config-directory", node2.configDir().toString()).exitCode());
        // the server page lists them
        String page = panel.login("admin", TestPanel.ADMIN_PASSWORD).get("/plugins/smarthost/server").body();
        assertTrue(page.contains("node-1") && page.contains("node-2"), "the server page lists the nodes");
    }

    @Test
    @Order(7)
    void withPostgresqlStoppedMailIsDeferredNotBouncedAndGoesOutAfterItReturns() throws Exception {
        cluster.stopServer();
        try {
            sendmail(node1, "news@alpha.example", "down-alpha");
            sendmail(node2, "news@beta.example", "down-beta");
            awaitDeferred(node1);
            awaitDeferred(node2);
        } finally {
            cluster.startServer();
        }
        assertTrue(relay.received().stream().noneMatch(m -> m.hasSubject("down-alpha") || m.hasSubject("down-beta")));
        long end = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < end && relay.received().stream().filter(m -> m.hasSubject("down-alpha")
                || m.hasSubject("down-beta")).count() < 2) {
            node1.flush();
            node2.flush();
            Thread.sleep(5_000);
        }
        assertArrives(node1, "down-alpha", "alpha-login");
        assertArrives(node2, "down-beta", "beta-new");
        for (PostfixInstance node : List.of(node1, node2)) {
            assertFalse(node.maillog().contains("status=bounced"), "bounced:\n" + node.maillog());
        }
    }

    static void sendmail(PostfixInstance node, String from, String subject) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/sbin/sendmail", "-C", node.configDir().toString(), "-f", from, "x@remote.example")
                .redirectErrorStream(true).start();
        p.getOutputStream().write(("From: <" + from + ">\nTo: <x@remote.example>\nSubject: " + subject + "\n\nbody\n")
                .getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
    }

    /** Waits until the node's log says a message was deferred (a lookup failed), and nothing bounced. */
    static void awaitDeferred(PostfixInstance node) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            String log = node.maillog();
            if (log.contains("status=deferred") || log.contains("deferred") && log.contains("lookup")) {
                assertFalse(log.contains("status=bounced"), log);
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("nothing deferred within 60 s:\n" + node.maillog());
    }
}
