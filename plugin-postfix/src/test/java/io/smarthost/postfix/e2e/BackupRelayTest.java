package io.smarthost.postfix.e2e;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.BackupRelay;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.panel.api.Secret;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.testing.PostfixInstance;
import io.smarthost.postfix.testing.TestRelay;
import io.smarthost.postfix.testing.TestRelay.Mode;
import io.smarthost.postfix.testing.TestRelay.Received;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup relay on a real Postfix 3.7 with relays on 127.0.0.1 that require STARTTLS and AUTH: a
 * primary that is down (closed port) or answers 451 hands the mail to the backup, a primary that is back
 * is used again at once, and the login each one is sent is the one the README promises (the password map
 * is looked up by sender first, then by the next hop being tried).
 */
class BackupRelayTest {

    @TempDir
    static Path base;
    static PostfixInstance postfix;
    static PostfixMailBackend backend;
    /** Accepts the server's, the backup's and the domain's logins. */
    static TestRelay backup;

    @BeforeAll
    static void startAll() throws Exception {
        postfix = PostfixInstance.create(base);
        postfix.start();
        backend = new PostfixMailBackend(postfix.settings());
        backup = TestRelay.start(Mode.STARTTLS, Map.of("backup-login", "backup-pw", "server-login", "server-pw",
                "alpha-login", "alpha-pw"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {postfix, backup}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @AfterEach
    void showLog(TestInfo info) {
        System.out.println("---- maillog after " + info.getDisplayName() + "\n" + postfix.maillog());
    }

    static Relay withBackup(Relay primary, int backupPort, String ownUser, String ownPassword) {
        Optional<Credentials> own = ownUser == null ? Optional.empty()
                : Optional.of(new Credentials(ownUser, Secret.of(ownPassword)));
        return primary.withBackup(Optional.of(new BackupRelay(
                new RelayAddress("127.0.0.1", HostKind.IPV4, backupPort, false), own)));
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void serverBackupTakesOverWhilePrimaryIsDownWithItsOwnLoginAndPrimaryIsUsedAgainOnceBack() throws Exception {
        int primaryPort = closedPort();
        Relay server = withBackup(relay("127.0.0.1", primaryPort, Encryption.STARTTLS, "server-login", "server-pw"),
                backup.port(), "backup-login", "backup-pw");
        backend.apply(new InMemoryDesiredState().server(server), ChangeSet.everything());

        String mainCf = Files.readString(postfix.configDir().resolve("main.cf"));
        assertTrue(mainCf.contains("relayhost = [127.0.0.1]:" + primaryPort + ", [127.0.0.1]:" + backup.port()), mainCf);

        long sent = System.nanoTime();
        postfix.send("user@nodomain.example", "someone@remote.example", "primary-down");
        Received r = backup.await("primary-down");
        System.out.printf("primary down -> backup in %d ms%n", (System.nanoTime() - sent) / 1_000_000);
        assertEquals(Optional.of("backup-login"), r.login(), "the backup's own login (keyed by its next hop)");
        assertTrue(r.tls());
        assertTrue(postfix.maillog().contains("connect to 127.0.0.1[127.0.0.1]:" + primaryPort + ": Connection refused"),
                "the primary was tried first");

        try (TestRelay primary = TestRelay.startOn(primaryPort, Mode.STARTTLS, Map.of("server-login", "server-pw"))) {
            sent = System.nanoTime();
            postfix.send("user@nodomain.example", "someone@remote.example", "primary-back");
            Received back = primary.await("primary-back");
            System.out.printf("primary back -> primary in %d ms%n", (System.nanoTime() - sent) / 1_000_000);
            assertEquals(Optional.of("server-login"), back.login());
            assertTrue(backup.received().stream().noneMatch(m -> m.hasSubject("primary-back")));
        }
    }

    @Test
    void aDomainsBackupIsSentTheDomainsLoginNotTheLoginKeyedByItsNextHop() throws Exception {
        TestRelay serverPrimary = TestRelay.start(Mode.STARTTLS, Map.of("server-login", "server-pw"));
        try (serverPrimary) {
            int domainPrimaryPort = closedPort();
            // the server's backup is the same host with a login of its own, keyed by that next hop
            InMemoryDesiredState state = new InMemoryDesiredState()
                    .server(withBackup(relay("127.0.0.1", serverPrimary.port(), Encryption.STARTTLS, "server-login",
                            "server-pw"), backup.port(), "backup-login", "backup-pw"))
                    .domain("alpha.example", withBackup(relay("127.0.0.1", domainPrimaryPort, Encryption.STARTTLS,
                            "alpha-login", "alpha-pw"), backup.port(), null, null));
            backend.apply(state, ChangeSet.everything());
            String transports = Files.readString(postfix.configDir().resolve("smarthost/sender_transport"));
            assertTrue(transports.contains("@alpha.example smarthost-starttls:[127.0.0.1]:" + domainPrimaryPort
                    + ", [127.0.0.1]:" + backup.port()), transports);

            postfix.send("info@alpha.example", "someone@remote.example", "domain-primary-down");
            assertEquals(Optional.of("alpha-login"), backup.await("domain-primary-down").login(),
                    "the sender key wins over the next-hop key for the backup too");
            postfix.send("user@nodomain.example", "someone@remote.example", "server-primary-up");
            assertEquals(Optional.of("server-login"), serverPrimary.await("server-primary-up").login());
        }
    }

    @Test
    void aTemporaryErrorFromThePrimaryFallsToTheBackup() throws Exception {
        try (TestRelay busy = TestRelay.startDeferring(Mode.STARTTLS, Map.of("server-login", "server-pw"), 451)) {
            Relay server = withBackup(relay("127.0.0.1", busy.port(), Encryption.STARTTLS, "server-login", "server-pw"),
                    backup.port(), null, null);
            backend.apply(new InMemoryDesiredState().server(server), ChangeSet.everything());
            postfix.send("user@nodomain.example", "someone@remote.example", "primary-451");
            Received r = backup.await("primary-451");
            assertEquals(Optional.of("server-login"), r.login(), "same login as the primary (keyed by the backup's next hop)");
            assertTrue(postfix.maillog().contains("451 4.3.0 Temporary trouble"), "the primary answered 451 first");
        }
    }

    @Test
    void withBothDownMailWaitsAndAFlushDeliversItToThePrimaryOnceBack() throws Exception {
        int primaryPort = closedPort();
        int backupPort = closedPort();
        Relay server = withBackup(relay("127.0.0.1", primaryPort, Encryption.STARTTLS, "server-login", "server-pw"),
                backupPort, null, null);
        backend.apply(new InMemoryDesiredState().server(server), ChangeSet.everything());
        postfix.send("user@nodomain.example", "someone@remote.example", "both-down");
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!postfix.maillog().contains("Connection refused)") && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertTrue(postfix.maillog().contains("status=deferred (connect to 127.0.0.1[127.0.0.1]:" + backupPort),
                "deferred, the last next hop's error reported");
        try (TestRelay primary = TestRelay.startOn(primaryPort, Mode.STARTTLS, Map.of("server-login", "server-pw"))) {
            postfix.flush(); // postqueue -f: otherwise the retry waits for minimal_backoff_time (300 s by default)
            assertEquals(Optional.of("server-login"), primary.await("both-down").login());
        }
    }
}
