package io.smarthost.postfix.e2e;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.Verification;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.srs.SrsDaemon;
import io.smarthost.postfix.srs.SrsRendering;
import io.smarthost.postfix.testing.FolderSnapshot;
import io.smarthost.postfix.testing.PostfixInstance;
import io.smarthost.postfix.testing.TestPostsrsd;
import io.smarthost.postfix.testing.TestRelay;
import io.smarthost.postfix.testing.TestRelay.Mode;
import io.smarthost.postfix.testing.TestRelay.Received;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * SRS end to end: a real Postfix (with a local alias forwarding outside), a postsrsd of the test's own and a
 * relay requiring AUTH, all on 127.0.0.1. Forwarded mail leaves through the relay with an {@code SRS0=} sender;
 * a bounce to that address is rewritten back to the original sender; the panel's own senders stay as they are.
 */
class SrsForwardingTest {
    static final String SRS_DOMAIN = "srs.test";

    @TempDir
    static Path base;
    static PostfixInstance postfix;
    static TestPostsrsd postsrsd;
    static TestRelay relay;
    static PostfixMailBackend backend;

    @BeforeAll
    static void startAll() throws Exception {
        postfix = PostfixInstance.create(base);
        Path dir = postfix.configDir();
        // a local domain whose alias forwards to an outside address (lines of the admin's, outside our block)
        Files.writeString(dir.resolve("aliases"), "fwd: someone@remote.example\n");
        String main = Files.readString(dir.resolve("main.cf"))
                .replace("mydestination =\n", "mydestination = local.test\n")
                .replace("alias_maps =\n", "alias_maps = hash:" + dir.resolve("aliases") + "\n")
                .replace("alias_database =\n", "alias_database = hash:" + dir.resolve("aliases") + "\n");
        Files.writeString(dir.resolve("main.cf"), main);
        Files.setLastModifiedTime(dir.resolve("main.cf"), java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minusSeconds(10)));
        Process p = new ProcessBuilder("/usr/sbin/postalias", "-c", dir.toString(), dir.resolve("aliases").toString())
                .inheritIO().start();
        assertEquals(0, p.waitFor());
        postfix.start();
        postsrsd = TestPostsrsd.start(base, SRS_DOMAIN);
        relay = TestRelay.start(Mode.STARTTLS, Map.of("server-login", "server-pw"));
        backend = new PostfixMailBackend(postfix.settings(), postsrsd.daemon());
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {postfix, postsrsd, relay}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @BeforeEach
    void relayOnSrsOff() throws Exception {
        backend.apply(state(false), ChangeSet.everything());
    }

    @AfterEach
    void showLogOnFailure(TestInfo info) {
        System.out.println("---- maillog after " + info.getDisplayName() + "\n" + postfix.maillog());
    }

    static InMemoryDesiredState state(boolean srs) {
        return new InMemoryDesiredState()
                .server(relay("127.0.0.1", relay.port(), Encryption.STARTTLS, "server-login", "server-pw"))
                .localDomain("hosted.test")
                .srs(srs);
    }

    private static Received await(String subject) throws InterruptedException {
        return relay.await(r -> r.hasSubject(subject), Duration.ofSeconds(20));
    }

    @Test
    void forwardedMailLeavesWithAnSrsSenderAndItsBounceGoesBackToTheOriginalSender() throws Exception {
        backend.apply(state(true), ChangeSet.serverOnly());

        postfix.send("orig@sender.example", "fwd@local.test", "srs-forwarded");
        Received forwarded = await("srs-forwarded");
        assertEquals("someone@remote.example", forwarded.to());
        assertTrue(forwarded.from().startsWith("SRS0=") && forwarded.from().endsWith("=sender.example=orig@" + SRS_DOMAIN),
                "envelope sender rewritten with SRS: " + forwarded.from());
        assertEquals(Optional.of("server-login"), forwarded.login(), "through the relay with its login");
        assertTrue(forwarded.data().contains("From: <orig@sender.example>"), "the From: header is left alone");

        // the destination bounces to the SRS address: Postfix rewrites it back to the original sender
        postfix.send("", forwarded.from(), "srs-bounce");
        Received bounce = await("srs-bounce");
        assertEquals("orig@sender.example", bounce.to(), "the bounce reaches the original sender");
        assertEquals("", bounce.from());
        String line = "to=<orig@sender.example>, orig_to=<" + forwarded.from() + ">";
        // Postfix logs the delivery when the relay's 250 reaches it, which may be after the relay has the message
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!postfix.maillog().toLowerCase(java.util.Locale.ROOT).contains(line.toLowerCase(java.util.Locale.ROOT))
                && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue(postfix.maillog().toLowerCase(java.util.Locale.ROOT).contains(line.toLowerCase(java.util.Locale.ROOT)),
                "the log names the rewritten recipient and the SRS address it came to: " + line);
    }

    @Test
    void sendersOfThePanelsDomainsAreNotRewritten() throws Exception {
        backend.apply(state(true), ChangeSet.serverOnly());
        postfix.send("alice@hosted.test", "bob@remote.example", "srs-hosted");
        assertEquals("alice@hosted.test", await("srs-hosted").from());
        postfix.send("carol@other.example", "dave@remote.example", "srs-outside");
        assertTrue(await("srs-outside").from().startsWith("SRS0="), "a sender from outside is rewritten");
    }

    @Test
    void offRemovesExactlyWhatOnAdded() throws Exception {
        Map<String, String> relayOnly = FolderSnapshot.of(postfix.configDir());
        var on = backend.apply(state(true), ChangeSet.serverOnly());
        assertTrue(on.changed());
        String main = Files.readString(postfix.configDir().resolve("main.cf"));
        assertTrue(main.contains("sender_canonical_maps = regexp:" + postfix.configDir().resolve("smarthost/srs_exclude")
                + ", " + postsrsd.daemon().forwardTable() + "\n"), main);
        assertTrue(main.contains("sender_canonical_classes = envelope_sender\n"));
        assertTrue(main.contains("recipient_canonical_maps = " + postsrsd.daemon().reverseTable() + "\n"));
        assertTrue(main.contains("recipient_canonical_classes = envelope_recipient, header_recipient\n"));
        Verification verified = backend.verify(state(true));
        assertTrue(verified.agrees(), verified.disagreements().toString());

        backend.apply(state(false), ChangeSet.serverOnly());
        Map<String, String> after = FolderSnapshot.of(postfix.configDir());
        assertEquals(relayOnly.get("main.cf"), after.get("main.cf"), "main.cf byte for byte as before SRS");
        assertFalse(Files.exists(postfix.configDir().resolve("smarthost").resolve(SrsRendering.EXCLUDE_FILE)));

        postfix.send("orig@sender.example", "fwd@local.test", "srs-off");
        assertEquals("orig@sender.example", await("srs-off").from(), "SRS off: the sender is left as it is");
    }

    @Test
    void turningOnIsRefusedWhenPostsrsdDoesNotAnswerAndNothingChanges() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        PostfixMailBackend nowhere = new PostfixMailBackend(postfix.settings(),
                new SrsDaemon("127.0.0.1", closed, closed, SRS_DOMAIN));
        Map<String, String> before = FolderSnapshot.of(postfix.configDir());
        BackendException e = assertThrows(BackendException.class,
                () -> nowhere.apply(state(true), ChangeSet.serverOnly()));
        assertEquals("srs", e.step());
        assertTrue(e.getMessage().contains("postsrsd does not answer on 127.0.0.1:" + closed), e.getMessage());
        assertEquals(before, FolderSnapshot.of(postfix.configDir()), "no file changed");
    }

    @Test
    void theSelfCheckSaysWhenPostsrsdStopsAnswering() throws Exception {
        backend.apply(state(true), ChangeSet.serverOnly());
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        Verification v = new PostfixMailBackend(postfix.settings(), new SrsDaemon("127.0.0.1", closed, closed, SRS_DOMAIN))
                .verify(state(true));
        List<Verification.Disagreement> srs = v.disagreements().stream().filter(d -> d.code().equals("srs")).toList();
        assertEquals(1, srs.size(), v.disagreements().toString());
        assertTrue(srs.get(0).what().contains("does not answer"), srs.get(0).what());
    }

    @Test
    void handMadeCanonicalMapsAreRefusedAndKept() throws Exception {
        Path mainCf = postfix.configDir().resolve("main.cf");
        String original = Files.readString(mainCf);
        Files.writeString(postfix.configDir().resolve("my_canonical"), "# the admin's own\n");
        String hand = original + "sender_canonical_maps = regexp:" + postfix.configDir().resolve("my_canonical") + "\n";
        Files.writeString(mainCf, hand);
        try {
            Map<String, String> before = FolderSnapshot.of(postfix.configDir());
            BackendException e = assertThrows(BackendException.class,
                    () -> backend.apply(state(true), ChangeSet.serverOnly()));
            assertEquals("validate", e.step());
            assertTrue(e.getMessage().contains("sets sender_canonical_maps by hand"), e.getMessage());
            assertEquals(before, FolderSnapshot.of(postfix.configDir()), "no file changed");

            // SRS off: the admin's canonical map is theirs, not drift, not a disagreement, and stays
            backend.apply(state(false), ChangeSet.serverOnly());
            assertTrue(backend.inspect().drift().stream().noneMatch(d -> d.setting().contains("canonical")),
                    backend.inspect().drift().toString());
            Verification v = backend.verify(state(false));
            assertTrue(v.agrees(), v.disagreements().toString());
            assertTrue(Files.readString(mainCf).contains(hand.substring(original.length())));
        } finally {
            Files.writeString(mainCf, original);
        }
    }
}
