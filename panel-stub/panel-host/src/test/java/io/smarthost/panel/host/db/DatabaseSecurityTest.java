package io.smarthost.panel.host.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.TestPanel;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database is reachable by the panel's user only: loopback server, password, private files. */
class DatabaseSecurityTest {

    @TempDir
    Path temp;

    @Test
    void databaseServerListensOnLoopbackOnly() throws Exception {
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).withoutWeb().start();
             Connection open = panel.panel().jdbc().database().connection()) {
            Properties lock = new Properties();
            try (Reader in = Files.newBufferedReader(temp.resolve("home/data/panel.lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server", "");
            // H2 writes 127.0.0.1 as "localhost"
            assertTrue(server.startsWith("localhost:") || server.startsWith("127.0.0.1:"),
                    "H2's AUTO_SERVER address in panel.lock.db: " + server);
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            List<String> listening = listeningAddresses(port);
            assertFalse(listening.isEmpty(), "nothing listens on port " + port + " in /proc/net/tcp*");
            // 127.0.0.1 as the kernel writes it in tcp, and as ::ffff:127.0.0.1 in tcp6 (a dual-stack socket)
            List<String> loopback = List.of("0100007F", "0000000000000000FFFF00000100007F");
            assertTrue(loopback.containsAll(listening), "the database server must listen on 127.0.0.1 only, not " + listening);
            // another process (panel bin while the server runs) gets in through that server, with the password only
            String url = Database.defaultUrl(temp.resolve("home/data"));
            String password = Files.readString(temp.resolve("home/data/db.password")).strip();
            assertEquals(0, otherProcessQuery(url, password).exitCode, "with the password");
            Shell refused = otherProcessQuery(url, "");
            assertTrue(refused.exitCode != 0 && refused.output.contains("28000"), refused.output);
        }
    }

    @Test
    void databaseNeedsThePasswordKeptInAPrivateFile() throws Exception {
        Path home = temp.resolve("home");
        Path fresh = temp.resolve("fresh-home");
        new io.smarthost.panel.host.home.PanelHome(fresh).ensure();
        assertEquals("rwx------", mode(fresh), "a home the panel creates");
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            assertEquals("rwx------", mode(home.resolve("data")));
            assertEquals("rw-------", mode(home.resolve("panel.ini")));
            Path passwordFile = home.resolve("data/db.password");
            assertEquals("rw-------", mode(passwordFile));
            String password = Files.readString(passwordFile).strip();
            assertTrue(password.length() >= 32, "a long random password");
            String url = Database.defaultUrl(home.resolve("data"));
            SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "sa", "").close());
            assertEquals(org.h2.api.ErrorCode.WRONG_USER_OR_PASSWORD, refused.getErrorCode(), refused.getMessage());
            try (Connection ok = DriverManager.getConnection(url, "sa", password)) {
                assertTrue(ok.isValid(1));
            }
        }
    }

    @Test
    void existingDatabaseWithEmptyPasswordIsUpgraded() throws Exception {
        Path home = temp.resolve("old-home");
        Files.createDirectories(home.resolve("data"));
        String url = Database.defaultUrl(home.resolve("data"));
        try (Connection old = DriverManager.getConnection(url, "sa", ""); Statement st = old.createStatement()) {
            st.execute("CREATE TABLE left_by_old_panel(id INT)");
        }
        Files.setPosixFilePermissions(home.resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            assertEquals("rwx------", mode(home.resolve("data")), "an existing data/ is made private");
            String password = Files.readString(home.resolve("data/db.password")).strip();
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "sa", "").close());
            try (Connection c = DriverManager.getConnection(url, "sa", password); Statement st = c.createStatement()) {
                assertTrue(st.executeQuery("SELECT COUNT(*) FROM left_by_old_panel").next(), "same database, data kept");
            }
        }
        // and the next start opens it with the kept password
        try (TestPanel again = TestPanel.builder(home).withoutWeb().start()) {
            assertTrue(again.panel().users().find("admin").isPresent());
        }
    }

    private record Shell(int exitCode, String output) {
    }

    /** H2's own shell in a separate JVM, as a second panel process would connect. */
    private static Shell otherProcessQuery(String url, String password) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String h2Jar = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(javaBin, "-cp", h2Jar, "org.h2.tools.Shell", "-url", url, "-user", "sa", "-password", password,
                "-sql", "SELECT 1").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new Shell(p.waitFor(), out);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** Local addresses (hex, as the kernel writes them) of the sockets listening on {@code port}. */
    private static List<String> listeningAddresses(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file); // read once: the table changes between two reads
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (local[1].equals(hexPort) && f[3].equals("0A")) {
                    addresses.add(local[0]);
                }
            }
        }
        return addresses;
    }
}
