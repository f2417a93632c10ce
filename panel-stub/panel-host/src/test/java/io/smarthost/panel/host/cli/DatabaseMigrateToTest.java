package io.smarthost.panel.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SettingsStore;
import io.smarthost.panel.host.db.Dialect;
import io.smarthost.panel.host.services.DbActionLog;
import io.smarthost.panel.host.testing.PostgresCluster;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code panel bin database --migrate-to}: an H2 home moved to PostgreSQL, every row, nothing lost. */
class DatabaseMigrateToTest {

    @TempDir
    Path home;

    @Test
    void anH2HomeMovesToPostgresWithEveryRowAndKeepsWorking() throws Exception {
        PostgresCluster cluster = PostgresCluster.shared();
        String url = cluster.url(cluster.createDatabase());
        String storedValue = "{\"host\":\"[relay.example]:587\"}";
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().demoData(true).start()) {
            panel.createCustomer("alice");
            panel.createDomain("alice.example", "alice", "alice.example.net");
            String apiKey = panel.apiKey("alice");
            SettingsStore store = panel.panel().services("smarthost").store();
            store.inTransaction(tx -> {
                for (int i = 0; i < 1200; i++) {
                    tx.put("domain.d" + i + ".example", storedValue);
                }
                tx.putSecret("server.password", Secret.of("relay-secret-1"));
                return null;
            });
            panel.panel().settings().set("restricted_mode", "true");
            long logRows = DbActionLog.latest(panel.panel().jdbc(), 10_000).size();

            TestPanel.CliRun run = panel.cliWithStdin("pg-password-x\n", "database", "--migrate-to", url, "-user", "postgres",
                    "-password-stdin");
            assertEquals(0, run.exitCode(), run.toString());
            for (String table : List.of("users", "domains", "domain_aliases", "plugin_settings", "panel_settings", "api_keys",
                    "action_log", "dns_records", "dns_template")) {
                assertTrue(run.out().lines().anyMatch(l -> l.startsWith(table + " ") && l.endsWith("ok")), table + " in:\n" + run.out());
            }
            assertTrue(run.out().lines().anyMatch(l -> l.matches("plugin_settings +1201 -> +1201 +ok")), run.out());
            assertFalse(run.out().contains("pg-password-x") || run.err().contains("pg-password-x"), "the password is never printed");
            String ini = Files.readString(home.resolve("panel.ini"));
            assertTrue(ini.contains("\nurl = " + url + "\n") && ini.contains("\nuser = postgres\n")
                    && ini.contains("\npassword = pg-password-x"), ini);
            assertTrue(ini.contains(";url = jdbc:h2:file:"), "the template's comments stay");

            // the same home, started again: on PostgreSQL now, with everything
            panel.close();
            try (TestPanel moved = TestPanel.builder(home).withoutWeb().start()) {
                assertEquals(Dialect.POSTGRESQL, moved.panel().jdbc().database().dialect());
                assertTrue(moved.panel().users().find("alice").isPresent());
                assertEquals(List.of("alice.example.net"), moved.panel().domains().find("alice.example").orElseThrow().aliases());
                SettingsStore movedStore = moved.panel().services("smarthost").store();
                assertEquals(1201, movedStore.count(""));
                assertEquals(Optional.of(storedValue), movedStore.get("domain.d777.example"));
                assertEquals("relay-secret-1", movedStore.inTransaction(tx -> tx.getSecret("server.password")).orElseThrow().reveal(),
                        "the secret opens with the key that stayed in the home");
                assertTrue(moved.panel().settings().restrictedMode());
                assertEquals(logRows, DbActionLog.latest(moved.panel().jdbc(), 10_000).size());
                assertEquals("alice", moved.panel().apiKeys().authenticate(apiKey).orElseThrow().login());
                // new rows get new ids after the copied ones
                moved.createDomain("after.example", "alice");
                moved.createCustomer("bob");
                assertTrue(moved.panel().domains().find("after.example").isPresent());

                // a database that holds panel data is never written over
                TestPanel.CliRun again = moved.cli("database", "--migrate-to", url + "?ApplicationName=again", "-user", "postgres");
                assertEquals(1, again.exitCode(), again.toString());
                assertTrue(again.err().contains("already holds panel data"), again.err());
            }
        }
    }

    @Test
    void aRunningServerIsStoppedFirstAndABadUrlIsBadInput() throws Exception {
        PostgresCluster cluster = PostgresCluster.shared();
        try (TestPanel panel = TestPanel.builder(home).start()) {
            TestPanel.CliRun running = panel.cli("database", "--migrate-to", cluster.url(cluster.createDatabase()), "-user", "postgres");
            assertEquals(1, running.exitCode(), running.toString());
            assertTrue(running.err().contains("stop it first"), running.err());
            TestPanel.CliRun mysql = panel.cli("database", "--migrate-to", "jdbc:mysql://127.0.0.1/panel");
            assertEquals(2, mysql.exitCode(), mysql.toString());
            assertTrue(mysql.err().contains("jdbc:postgresql://"), mysql.err());
        }
    }

    /** A password in the URL's user part is never printed, by the panel or in the driver's words it quotes (hostile tester). */
    @Test
    void aPasswordInTheUrlIsNotPrinted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path other) {
        try (TestPanel panel = TestPanel.builder(other).withoutWeb().start()) {
            TestPanel.CliRun userPart = panel.cli("database", "--migrate-to", "jdbc:postgresql://u:Hunter2Secret@127.0.0.1:1/db");
            assertEquals(2, userPart.exitCode(), userPart.toString());
            assertTrue(userPart.err().contains("give -user USER and the password on standard input"), userPart.err());
            TestPanel.CliRun query = panel.cli("database", "--migrate-to", "jdbc:postgresql://127.0.0.1:1/db?user=u&password=Hunter2Secret");
            assertEquals(1, query.exitCode(), query.toString());
            assertTrue(query.err().contains("password=***"), query.err());
            for (TestPanel.CliRun run : new TestPanel.CliRun[] {userPart, query}) {
                assertTrue(!run.err().contains("Hunter2") && !run.out().contains("Hunter2"), run.err());
            }
        }
        assertEquals("jdbc:postgresql://u:***@h/db and jdbc:postgresql://h/db?user=u&password=*** and //h:5432/db, host u:***@h",
                io.smarthost.panel.host.db.Database.printable(
                        "jdbc:postgresql://u:s3cret@h/db and jdbc:postgresql://h/db?user=u&password=s3cret and //h:5432/db, host u:s3cret@h"));
    }
}
