package io.smarthost.postfix.delivery;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.delivery.DeliveryReporting;
import io.smarthost.core.delivery.DeliveryStatus;
import io.smarthost.core.delivery.DeliveryStatus.State;
import io.smarthost.core.delivery.DeliveryTracker;
import io.smarthost.core.delivery.ReplyAdvice;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.panel.api.services.CommandRunner.Command;
import io.smarthost.panel.testkit.AesGcmSecretBox;
import io.smarthost.panel.testkit.InMemoryDomains;
import io.smarthost.panel.testkit.InMemorySettingsStore;
import io.smarthost.panel.testkit.RecordingActionLog;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.testing.PostfixInstance;
import io.smarthost.postfix.testing.TestRelay;
import io.smarthost.postfix.testing.TestRelay.Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery status end to end: a real Postfix (one for the class) whose maillog the tracker reads, relays on
 * 127.0.0.1 (one accepting three logins and refusing one sender domain with 550 5.7.1, and a closed port), two
 * domains on the same relay with different logins (one of them wrong: 535), a domain on the server fallback, an
 * alias. The tests run in order on one growing log: each checks what the previous ones added.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeliveryStatusPostfixTest {
    @TempDir
    static Path base;
    static PostfixInstance postfix;
    static PostfixMailBackend backend;
    static TestRelay relay;
    static int closedPort;
    static InMemoryDesiredState state;
    static final InMemoryDomains DOMAINS = new InMemoryDomains();
    static final RecordingActionLog ACTIONS = new RecordingActionLog();
    static InMemorySettingsStore store;
    static DeliveryTracker tracker;

    @BeforeAll
    static void startAll() throws Exception {
        postfix = PostfixInstance.create(base);
        postfix.start();
        backend = new PostfixMailBackend(postfix.settings());
        relay = TestRelay.startRefusing(Mode.STARTTLS, Map.of("server-login", "server-pw", "alpha-login", "alpha-pw",
                "beta-login", "beta-pw", "ref-login", "ref-pw"), from -> from.endsWith("@refused.example"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        DOMAINS.add("alpha.example", "alice", "alpha.example.net");
        DOMAINS.add("gamma.example", "alice");
        DOMAINS.add("beta.example", "bob");
        DOMAINS.add("closed.example", "bob");
        DOMAINS.add("refused.example", "bob");
        state = new InMemoryDesiredState()
                .server(relay("127.0.0.1", relay.port(), Encryption.STARTTLS, "server-login", "server-pw"))
                .domain("alpha.example", relay("127.0.0.1", relay.port(), Encryption.STARTTLS, "alpha-login", "alpha-pw"))
                .domain("alpha.example.net", relay("127.0.0.1", relay.port(), Encryption.STARTTLS, "alpha-login", "alpha-pw"))
                .domain("beta.example", relay("127.0.0.1", relay.port(), Encryption.STARTTLS, "beta-login", "WRONG"))
                .domain("closed.example", relay("127.0.0.1", closedPort, Encryption.NONE, "c-login", "c-pw"))
                .domain("refused.example", relay("127.0.0.1", relay.port(), Encryption.STARTTLS, "ref-login", "ref-pw"));
        backend.apply(state, ChangeSet.everything());
        store = new InMemorySettingsStore(new AesGcmSecretBox());
        tracker = newTracker(backend.deliveryReporting());
    }

    static DeliveryTracker newTracker(Optional<DeliveryReporting> reporting) {
        return new DeliveryTracker(store, ACTIONS, reporting, d -> EffectiveRelay.resolve(state, d), DOMAINS::find,
                Clock.systemUTC());
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {tracker, postfix, relay}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @AfterEach
    void showLog(TestInfo info) {
        System.out.println("---- maillog after " + info.getDisplayName() + "\n" + postfix.maillog());
    }

    /** Polls the log until {@code done} holds (Postfix delivers in about 0.3 s; 30 s at most). */
    static void pollUntil(String what, Predicate<DeliveryTracker> done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            tracker.poll();
            if (done.test(tracker)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within 30 s: " + what + "; server " + tracker.server() + "\nmaillog:\n" + postfix.maillog());
    }

    static void send(String from, int n, String tag) throws IOException {
        for (int i = 0; i < n; i++) {
            postfix.send(from, "rcpt" + i + "@remote.example", tag + "-" + i);
        }
    }

    @Test
    @Order(1)
    void countsLastErrorsAndAttributionPerDomainAndForTheServerFallback() throws Exception {
        assertEquals(postfix.configDir().resolve("log/maillog").toString(), backend.deliveryReporting().get().logSource(),
                "the instance's own maillog_file");
        send("a@alpha.example", 3, "alpha");
        send("a@alpha.example.net", 1, "alias");
        send("b@beta.example", 2, "beta");
        send("g@gamma.example", 2, "gamma");
        send("x@unhosted.example", 1, "unhosted");
        send("c@closed.example", 1, "closed");
        send("r@refused.example", 1, "refused");
        pollUntil("11 attempts", t -> t.domain("alpha.example").last24h().sent() == 4
                && t.domain("beta.example").last24h().deferred() == 2 && t.server().last24h().sent() == 4
                && t.domain("closed.example").last24h().deferred() == 1 && t.domain("refused.example").last24h().bounced() == 1
                // one failed attempt each: announced once it held ScopeStats.STABLE (beta's two in a row at once)
                && t.domain("closed.example").failing() && t.domain("refused.example").failing());

        DeliveryStatus alpha = tracker.domain("alpha.example");
        assertEquals(State.OK, alpha.state());
        assertEquals(new io.smarthost.core.delivery.ScopeStats.Counts(4, 0, 0), alpha.last24h());
        assertEquals(alpha.last24h(), alpha.lastHour());
        assertEquals(alpha.last24h(), alpha.last7d());
        assertTrue(alpha.lastError().isEmpty());
        assertTrue(Set.of("domain", "alias").contains(alpha.via()));
        assertEquals("127.0.0.1[127.0.0.1]:" + relay.port(), alpha.lastRelay(), "the relay actually reached");

        DeliveryStatus beta = tracker.domain("beta.example");
        assertEquals(State.FAILING, beta.state());
        assertEquals(0, beta.last24h().sent());
        assertEquals(535, beta.lastError().orElseThrow().replyCode());
        assertEquals("auth-failed", ReplyAdvice.explain(beta.lastError().get().reply(), beta.lastError().get().dsn(),
                Locale.ENGLISH).kind());
        assertTrue(ReplyAdvice.explain(beta.lastError().get().reply(), "", Locale.FRENCH).advice().contains("mot de passe"));

        DeliveryStatus gamma = tracker.domain("gamma.example");
        assertEquals(2, gamma.last24h().sent());
        assertEquals("server", gamma.via(), "gamma has no relay of its own: the server's carried it");
        DeliveryStatus server = tracker.server();
        // gamma twice, the unhosted sender, and the non-delivery report to r@refused.example (a bounce has the
        // empty sender, so the server-wide relay carries it); no mail of a domain with its own relay
        assertEquals(4, server.last24h().sent());
        assertEquals(0, server.last24h().deferred());

        DeliveryStatus closed = tracker.domain("closed.example");
        assertEquals(State.FAILING, closed.state());
        assertEquals("connection-refused", ReplyAdvice.explain(closed.lastError().get().reply(), closed.lastError().get().dsn(),
                Locale.ENGLISH).kind());
        assertEquals("none", closed.lastError().get().relay());

        DeliveryStatus refused = tracker.domain("refused.example");
        assertEquals(550, refused.lastError().orElseThrow().replyCode());
        assertEquals("5.7.1", refused.lastError().get().dsn());
        assertEquals("sender-refused", ReplyAdvice.explain(refused.lastError().get().reply(), refused.lastError().get().dsn(),
                Locale.ENGLISH).kind());

        assertEquals(Set.of("beta.example", "closed.example", "refused.example"),
                Set.copyOf(ACTIONS.entries("smarthost.delivery.failing").stream().map(e -> e.target()).toList()));
        assertTrue(ACTIONS.entries("smarthost.delivery.failing").stream().noneMatch(e -> e.details().toString().contains("pw")),
                "no password in the action log");
    }

    @Test
    @Order(2)
    void theQueueShowsWhatWaitsPerDomain() {
        tracker.refreshQueue();
        DeliveryStatus beta = tracker.domain("beta.example");
        assertEquals(2, beta.queue().count());
        assertTrue(beta.queue().lastReason().contains("535"), beta.queue().lastReason());
        assertTrue(beta.queue().oldest().isPresent());
        assertEquals(1, tracker.domain("closed.example").queue().count());
        assertEquals(0, tracker.domain("alpha.example").queue().count());
        assertEquals(0, tracker.server().queue().count());
    }

    @Test
    @Order(3)
    void malformedLinesAreSkippedAndCountNothing() throws Exception {
        int before = tracker.domain("alpha.example").last24h().sent();
        Path log = postfix.configDir().resolve("log/maillog");
        Files.writeString(log, "garbage that is no log line\n"
                + "Dec 05 11:07:16 pfx-test postfix/smtp[1]: ABCDE99999: to=<x@remote.example>, relay=none, status=se\n"
                + "Dec 05 11:07:16 pfx-test kernel: [1.2] not postfix at all\n", StandardOpenOption.APPEND);
        var read = tracker.poll();
        assertTrue(read.skipped() >= 3, "skipped " + read);
        assertEquals(before, tracker.domain("alpha.example").last24h().sent());
    }

    @Test
    @Order(4)
    void afterFixingThePasswordRetryNowDeliversAndTheCountsMove() throws Exception {
        state.domain("beta.example", relay("127.0.0.1", relay.port(), Encryption.STARTTLS, "beta-login", "beta-pw"));
        backend.apply(state, ChangeSet.domains(Set.of("beta.example")));
        tracker.refreshQueue();
        String first = tracker.domain("beta.example").queue().ids().get(0);
        tracker.retry(Optional.of(first));
        pollUntil("one beta message delivered", t -> t.domain("beta.example").last24h().sent() == 1);
        tracker.retry(Optional.empty());
        pollUntil("both beta messages delivered", t -> t.domain("beta.example").last24h().sent() == 2);
        DeliveryStatus beta = tracker.domain("beta.example");
        assertEquals(State.OK, beta.state());
        assertEquals(2, beta.last24h().deferred(), "the earlier deferrals stay counted");
        assertEquals(535, beta.lastError().orElseThrow().replyCode(), "the last error is kept for the record");
        tracker.refreshQueue();
        assertEquals(0, tracker.domain("beta.example").queue().count());
        assertTrue(ACTIONS.entries("smarthost.delivery.recovered").stream().anyMatch(e -> e.target().equals("beta.example")));
        assertEquals(2, relay.received().stream().filter(r -> r.from().endsWith("@beta.example")
                && r.login().equals(Optional.of("beta-login"))).count());
    }

    @Test
    @Order(5)
    void rotationInTheMiddleOfARunLosesAndDoubleCountsNothing() throws Exception {
        int before = tracker.domain("gamma.example").last24h().sent();
        send("g@gamma.example", 5, "before-rotation");
        Thread.sleep(300);
        tracker.poll(); // some of them read from the file that is about to be renamed
        var r = postfix.runner().run(new Command(List.of("/usr/sbin/postfix", "-c", postfix.configDir().toString(),
                "logrotate"), null, Duration.ofSeconds(30), Map.of(), Optional.empty()));
        assertEquals(0, r.exitCode(), r.stderr());
        send("g@gamma.example", 5, "after-rotation");
        pollUntil("ten more gamma messages", t -> t.domain("gamma.example").last24h().sent() >= before + 10);
        Thread.sleep(1000);
        tracker.poll();
        assertEquals(before + 10, tracker.domain("gamma.example").last24h().sent());
        try (var files = Files.list(postfix.configDir().resolve("log"))) {
            assertTrue(files.filter(p -> p.getFileName().toString().startsWith("maillog.")).count() >= 1,
                    "postfix logrotate renamed the log");
        }
    }

    @Test
    @Order(6)
    void anotherProcessContinuesFromTheStoredCursorWithoutCountingAgain() throws Exception {
        int before = tracker.domain("gamma.example").last24h().sent();
        try (DeliveryTracker other = newTracker(backend.deliveryReporting())) {
            other.poll();
            assertEquals(before, other.domain("gamma.example").last24h().sent());
            send("g@gamma.example", 2, "other-process");
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (other.domain("gamma.example").last24h().sent() < before + 2 && System.nanoTime() < end) {
                Thread.sleep(200);
                other.poll();
            }
            assertEquals(before + 2, other.domain("gamma.example").last24h().sent());
        }
        tracker.poll();
        assertEquals(before + 2, tracker.domain("gamma.example").last24h().sent(), "the first tracker counts nothing twice");
        assertFalse(tracker.domain("gamma.example").failing());
    }

    @Test
    @Order(7)
    void aTestMessageThroughTheMailServerIsFollowedToTheRelaysReply() throws Exception {
        DeliveryReporting reporting = backend.deliveryReporting().orElseThrow();
        var sent = reporting.sendThrough("postmaster@alpha.example", "someone@remote.example", Duration.ofSeconds(20));
        assertFalse(sent.queueId().isEmpty(), "the queue id was found through the Message-ID");
        var d = sent.delivery().orElseThrow(() -> new AssertionError("no delivery logged; maillog:\n" + postfix.maillog()));
        assertEquals(io.smarthost.core.delivery.Outcome.SENT, d.outcome());
        assertEquals("127.0.0.1[127.0.0.1]:" + relay.port(), d.relay());
        assertEquals(250, d.replyCode());
        assertTrue(relay.received().stream().anyMatch(r -> r.from().equals("postmaster@alpha.example")
                && r.login().equals(Optional.of("alpha-login"))), "through alpha's relay with alpha's login");

        var refused = reporting.sendThrough("postmaster@closed.example", "someone@remote.example", Duration.ofSeconds(20));
        assertEquals(io.smarthost.core.delivery.Outcome.DEFERRED, refused.delivery().orElseThrow().outcome());
        assertTrue(refused.delivery().get().reply().contains("Connection refused")
                || refused.delivery().get().reply().contains("delivery temporarily suspended"), refused.toString());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> reporting.sendThrough("not an address", "someone@remote.example", Duration.ofSeconds(1)));
    }
}
