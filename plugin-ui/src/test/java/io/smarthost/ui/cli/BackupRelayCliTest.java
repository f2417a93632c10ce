package io.smarthost.ui.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.panel.host.testing.TestPanel.CliRun;
import io.smarthost.postfix.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The {@code -backup-*} options of {@code panel bin smarthost} on a real panel writing its Postfix sandbox. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupRelayCliTest {
    static final String SECRET = "Cli-primary-5e1";
    static final String BACKUP_SECRET = "Cli-backup-9a7";
    TestPanel panel;
    TestRelay primary;
    TestRelay backup;

    @BeforeAll
    void start(@TempDir Path home) {
        primary = TestRelay.start(TestRelay.Mode.STARTTLS, Map.of("cliuser", SECRET));
        backup = TestRelay.start(TestRelay.Mode.STARTTLS, Map.of("backupuser", BACKUP_SECRET));
        panel = TestPanel.builder(home).classpathPlugin("smarthost").ini(SmarthostCliTest.INI).withoutWeb().start();
    }

    @AfterAll
    void stop() {
        panel.close();
        primary.close();
        backup.close();
    }

    CliRun run(String stdin, String... words) {
        String[] all = new String[words.length + 1];
        all[0] = "smarthost";
        System.arraycopy(words, 0, all, 1, words.length);
        CliRun r = panel.cliWithStdin(stdin, all);
        for (String secret : new String[] {SECRET, BACKUP_SECRET}) {
            assertFalse(r.out().contains(secret) || r.err().contains(secret), "secret printed by " + String.join(" ", words));
        }
        return r;
    }

    String mainCf() throws Exception {
        return Files.readString(panel.home().resolve("mail-sandbox/postfix/main.cf"));
    }

    @Test
    void backupOptionsAreSavedCheckedAndRemoved() throws Exception {
        CliRun saved = run(SECRET + "\n", "--update", "-enabled", "true", "-host", "[127.0.0.1]", "-port",
                Integer.toString(primary.port()), "-encryption", "starttls", "-verify-certificate", "false", "-auth", "true",
                "-username", "cliuser", "-password-stdin");
        assertEquals(0, saved.exitCode(), saved.err());
        CliRun withBackup = run(BACKUP_SECRET + "\n", "--update", "-backup-host", "127.0.0.1", "-backup-port",
                Integer.toString(backup.port()), "-backup-login", "own", "-backup-username", "backupuser",
                "-backup-password-stdin");
        assertEquals(0, withBackup.exitCode(), withBackup.err());
        assertTrue(mainCf().contains("relayhost = [127.0.0.1]:" + primary.port() + ", [127.0.0.1]:" + backup.port()), mainCf());

        CliRun verify = run("", "--verify");
        assertEquals(0, verify.exitCode(), "the self-check agrees with the next-hop lists: " + verify.out() + verify.err());
        CliRun check = run("", "--check");
        assertEquals(0, check.exitCode(), check.out() + check.err());
        assertTrue(check.out().contains("Relay: passed") && check.out().contains("Backup relay: passed"), check.out());

        CliRun both = run(SECRET + "\n", "--update", "-password-stdin", "-backup-password-stdin");
        assertEquals(2, both.exitCode(), both.err());
        assertTrue(both.err().contains("-backup-password-stdin"), both.err());
        CliRun inline = run("", "--update", "-backup-password", "x");
        assertEquals(2, inline.exitCode(), inline.err());
        CliRun empty = run("", "--update", "-backup-host", "");
        assertEquals(2, empty.exitCode(), empty.err());
        CliRun badPort = run("", "--update", "-backup-port", "70000");
        assertEquals(2, badPort.exitCode(), badPort.err());
        assertTrue(badPort.err().contains("-backup-port"), badPort.err());

        CliRun removed = run("", "--update", "-no-backup");
        assertEquals(0, removed.exitCode(), removed.err());
        assertTrue(mainCf().contains("relayhost = [127.0.0.1]:" + primary.port() + "\n"), mainCf());
    }
}
