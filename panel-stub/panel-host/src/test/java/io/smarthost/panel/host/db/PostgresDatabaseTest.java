package io.smarthost.panel.host.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.PostgresCluster;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PostgreSQL server as the panel's database: what a wrong setting, and a server lost while running, do. */
class PostgresDatabaseTest {

    @TempDir
    Path temp;

    private record Run(int exitCode, String out, String err) {
    }

    /** {@code panel bin user --list} in a JVM of its own, as the launcher runs it, with this [database] section. */
    private Run panelBin(Path home, String databaseSection) throws Exception {
        Files.createDirectories(home);
        Files.writeString(home.resolve("panel.ini"), "[database]\n" + databaseSection + "\n");
        // private as the panel wants it (else one more line: its warning about the mode)
        Files.setPosixFilePermissions(home.resolve("panel.ini"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.smarthost.panel.host.PanelMain",
                "bin", "--home", home.toString(), "user", "--list").start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "panel bin did not end");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static void assertOneLineNamingTheSetting(Run run, String expected, String secret) {
        assertEquals(1, run.exitCode(), run.toString());
        List<String> lines = run.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one line on standard error, not: " + run.err());
        assertTrue(lines.get(0).startsWith("panel bin: [database] url"), lines.get(0));
        assertTrue(lines.get(0).contains(expected), "'" + expected + "' in: " + lines.get(0));
        assertFalse(run.err().contains(secret) || run.out().contains(secret), "the password is never printed");
    }

    @Test
    void aBadDatabaseSettingStopsThePanelWithOneLineNamingIt() throws Exception {
        PostgresCluster cluster = PostgresCluster.shared();
        String db = cluster.createDatabase();
        int closedPort;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertOneLineNamingTheSetting(panelBin(temp.resolve("a"), "url = jdbc:mysql://127.0.0.1/panel\npassword = pw-A-secret"),
                "must start with jdbc:postgresql://", "pw-A-secret");
        assertOneLineNamingTheSetting(panelBin(temp.resolve("b"), "url = jdbc:postgresql://127.0.0.1:" + closedPort
                + "/panel\nuser = panel\npassword = pw-B-secret"), "cannot reach the database server", "pw-B-secret");
        assertOneLineNamingTheSetting(panelBin(temp.resolve("c"), "url = " + cluster.url(db) + "\nuser = nobody\npassword = pw-C-secret"),
                "refused the login of user 'nobody'", "pw-C-secret");
        assertOneLineNamingTheSetting(panelBin(temp.resolve("d"), "url = " + cluster.url("no_such_db") + "?password=pw-D-secret"
                + "\nuser = postgres"), "no such database", "pw-D-secret");
        // and the right setting works, on the same kind of run
        Run ok = panelBin(temp.resolve("e"), "url = " + cluster.url(db) + "\nuser = postgres\npassword =");
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.out().contains("admin\tadmin"), ok.out());
    }

    @Test
    void aServerLostWhileRunningGives503NamingTheDatabaseAndThePanelRecoversByItself() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.start()) {
            TestPanel.useDatabase(cluster.url(cluster.createDatabase()), "postgres", "");
            try (TestPanel panel = TestPanel.builder(temp.resolve("home")).start()) {
                PanelClient admin = panel.login("admin");
                assertEquals(303, admin.post("/tools/restricted-mode", Map.of("enabled", "true")).status());
                assertTrue(panel.panel().settings().restrictedMode());
                String apiKey = panel.apiKey("admin");

                cluster.stopServer();
                HttpReply lost = admin.post("/tools/restricted-mode", Map.of("enabled", "false"));
                assertEquals(503, lost.status(), lost.toString());
                assertTrue(lost.body().contains("database server 127.0.0.1:" + cluster.port() + "/panel_t"),
                        "names the database server: " + lost.body());
                HttpReply api = panel.api(apiKey).get("/api/v2/domains");
                assertEquals(503, api.status(), api.toString());

                cluster.startServer();
                long back = System.nanoTime();
                List<Integer> seen = new ArrayList<>();
                int status = 0;
                while (System.nanoTime() - back < TimeUnit.SECONDS.toNanos(60)) {
                    status = admin.post("/tools/restricted-mode", Map.of("enabled", "false")).status();
                    seen.add(status);
                    if (status == 303) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertEquals(303, status, "the panel uses the server again once it is back, without a restart: " + seen);
                assertFalse(panel.panel().settings().restrictedMode(), "the change after the return is kept");
                System.out.printf("PostgreSQL back: first change accepted after %d ms (%s)%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back), seen);
            } finally {
                TestPanel.useDatabase(null, null, null);
            }
        }
    }
}
