package io.smarthost.postfix.e2e;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.testing.PostfixInstance;
import io.smarthost.postfix.testing.TestRelay.Mode;
import io.smarthost.postfix.testing.TestRelay.Received;
import io.smarthost.postfix.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Postfix, real relays on 127.0.0.1 requiring AUTH: mail arrives at the right relay, with the
 * right login, encrypted as chosen. One Postfix instance for the class.
 */
class RelayDeliveryTest {

    @TempDir
    static Path base;
    static PostfixInstance postfix;
    static PostfixMailBackend backend;
    static TestRelay starttls;
    static TestRelay implicitTls;
    static TestRelay domainRelay;

    @BeforeAll
    static void startAll() throws Exception {
        postfix = PostfixInstance.create(base);
        postfix.start();
        backend = new PostfixMailBackend(postfix.settings());
        starttls = TestRelay.start(Mode.STARTTLS, Map.of("server-login", "server-pw", "alpha-login", "alpha-pw",
                "beta-login", "beta-pw"));
        implicitTls = TestRelay.start(Mode.IMPLICIT_TLS, Map.of("tls-login", "tls-pw"));
        domainRelay = TestRelay.start(Mode.STARTTLS, Map.of("own-login", "own-pw"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {postfix, starttls, implicitTls, domainRelay}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @AfterEach
    void showLogOnFailure(TestInfo info) {
        // the maillog goes to the test's output file: the first place to look when a test fails
        System.out.println("---- maillog after " + info.getDisplayName() + "\n" + postfix.maillog());
    }

    private static Received deliver(TestRelay relay, String from, String subject) throws Exception {
        postfix.send(from, "someone@remote.example", subject);
        return relay.await(subject);
    }

    @Test
    void serverWideRelayOverStartTls() throws Exception {
        backend.apply(new InMemoryDesiredState().server(relay("127.0.0.1", starttls.port(), Encryption.STARTTLS,
                "server-login", "server-pw")), ChangeSet.everything());
        Received r = deliver(starttls, "user@nodomain.example", "server-starttls");
        assertEquals(Optional.of("server-login"), r.login());
        assertTrue(r.tls(), "STARTTLS was used");
    }

    @Test
    void serverWideRelayOverImplicitTls() throws Exception {
        backend.apply(new InMemoryDesiredState().server(relay("127.0.0.1", implicitTls.port(), Encryption.TLS,
                "tls-login", "tls-pw")), ChangeSet.everything());
        Received r = deliver(implicitTls, "user@nodomain.example", "server-implicit");
        assertEquals(Optional.of("tls-login"), r.login());
        assertTrue(r.tls());
    }

    /**
     * A domain relay saved without a login, on the host and port of the server-wide relay (which has one): Postfix
     * looked the login up by sender, found none, then by next hop, and logged in as the server, while the panel and its
     * connection check said no login (a hostile tester). It now goes through a transport that never logs in.
     */
    @Test
    void aDomainRelayWithoutALoginOnTheServerRelaysHostSendsNoLogin() throws Exception {
        try (TestRelay shared = TestRelay.startLoginOptional(Mode.STARTTLS, Map.of("server-login", "server-pw"))) {
            InMemoryDesiredState state = new InMemoryDesiredState()
                    .server(relay("127.0.0.1", shared.port(), Encryption.STARTTLS, "server-login", "server-pw"))
                    .domain("anon.example", relay("127.0.0.1", shared.port(), Encryption.STARTTLS, null, null));
            backend.apply(state, ChangeSet.everything());
            Received anonymous = deliver(shared, "info@anon.example", "no-login-domain");
            assertEquals(Optional.empty(), anonymous.login(), "the domain's relay has no login");
            assertTrue(anonymous.tls());
            assertEquals(Optional.of("server-login"), deliver(shared, "info@other.example", "server-login-still").login());
        }
    }

    @Test
    void oneDomainOnItsOwnRelay() throws Exception {
        InMemoryDesiredState state = new InMemoryDesiredState()
                .server(relay("127.0.0.1", starttls.port(), Encryption.STARTTLS, "server-login", "server-pw"));
        backend.apply(state, ChangeSet.everything());
        state.domain("own.example", relay("127.0.0.1", domainRelay.port(), Encryption.STARTTLS, "own-login", "own-pw"));
        backend.apply(state, ChangeSet.domains(Set.of("own.example")));

        assertEquals(Optional.of("own-login"), deliver(domainRelay, "info@own.example", "own-domain").login());
        assertEquals(Optional.of("server-login"), deliver(starttls, "info@other.example", "own-domain-fallback").login());
    }

    @Test
    void twoDomainsOnTheSameRelayWithDifferentLoginsAndAFallback() throws Exception {
        InMemoryDesiredState state = new InMemoryDesiredState()
                .server(relay("127.0.0.1", starttls.port(), Encryption.STARTTLS, "server-login", "server-pw"))
                .domain("alpha.example", relay("127.0.0.1", starttls.port(), Encryption.STARTTLS, "alpha-login", "alpha-pw"))
                .domain("beta.example", relay("127.0.0.1", starttls.port(), Encryption.STARTTLS, "beta-login", "beta-pw"));
        backend.apply(state, ChangeSet.everything());
        String[][] senders = {{"a@alpha.example", "alpha-login"}, {"b@beta.example", "beta-login"},
                {"c@gamma.example", "server-login"}};
        for (int i = 0; i < 12; i++) {
            String[] s = senders[i % 3];
            postfix.send(s[0], "rcpt" + i + "@remote.example", "interleaved-" + i);
        }
        for (int i = 0; i < 12; i++) {
            Received r = starttls.await("interleaved-" + i);
            assertEquals(Optional.of(senders[i % 3][1]), r.login(), "login used for " + r.from());
            assertTrue(r.tls());
        }
    }

    @Test
    void disablingADomainFallsBackToTheServerRelay() throws Exception {
        InMemoryDesiredState state = new InMemoryDesiredState()
                .server(relay("127.0.0.1", starttls.port(), Encryption.STARTTLS, "server-login", "server-pw"))
                .domain("leaving.example", relay("127.0.0.1", domainRelay.port(), Encryption.STARTTLS, "own-login", "own-pw"));
        backend.apply(state, ChangeSet.everything());
        assertEquals(Optional.of("own-login"), deliver(domainRelay, "x@leaving.example", "before-disable").login());

        state.domain("leaving.example", null);
        backend.apply(state, ChangeSet.domains(Set.of("leaving.example")));
        Received r = deliver(starttls, "x@leaving.example", "after-disable");
        assertEquals(Optional.of("server-login"), r.login(), "server-wide login, not the domain's old one");
    }

    /**
     * A change of the maps alone, once a {@code postfix reload} read main.cf and master.cf as they are, signals
     * the master itself; the smtp and trivial-rewrite processes that served the message before still let go of
     * the old tables, so the very next message takes the new relay and login. A main.cf edited by hand since
     * goes through {@code postfix reload} again.
     */
    @Test
    void aMapChangeSignalsTheMasterAndTheVeryNextMessageTakesTheNewRelayAndLogin() throws Exception {
        InMemoryDesiredState state = new InMemoryDesiredState()
                .server(relay("127.0.0.1", starttls.port(), Encryption.STARTTLS, "server-login", "server-pw"))
                .domain("moving.example", relay("127.0.0.1", starttls.port(), Encryption.STARTTLS, "alpha-login", "alpha-pw"));
        backend.apply(state, ChangeSet.everything());
        assertEquals(Optional.of("alpha-login"), deliver(starttls, "x@moving.example", "before-move").login());

        state.domain("moving.example", relay("127.0.0.1", domainRelay.port(), Encryption.STARTTLS, "own-login", "own-pw"));
        ApplyReport moved = backend.apply(state, ChangeSet.domains(Set.of("moving.example")));
        assertTrue(moved.steps().stream().anyMatch(s -> s.startsWith("postfix reload (SIGHUP to master")), moved.steps().toString());
        assertEquals(Optional.of("own-login"), deliver(domainRelay, "x@moving.example", "after-move").login());

        Path main = postfix.configDir().resolve("main.cf");
        Files.writeString(main, Files.readString(main) + "# a comment added by hand\n");
        state.domain("moving.example", relay("127.0.0.1", starttls.port(), Encryption.STARTTLS, "beta-login", "beta-pw"));
        ApplyReport edited = backend.apply(state, ChangeSet.domains(Set.of("moving.example")));
        assertTrue(edited.steps().contains("postfix reload"), edited.steps().toString());
        assertEquals(Optional.of("beta-login"), deliver(starttls, "x@moving.example", "after-hand-edit").login());
    }

    @Test
    void oneDomainOverImplicitTlsWhileTheServerUsesStartTls() throws Exception {
        InMemoryDesiredState state = new InMemoryDesiredState()
                .server(relay("127.0.0.1", starttls.port(), Encryption.STARTTLS, "server-login", "server-pw"))
                .domain("smtps.example", relay("127.0.0.1", implicitTls.port(), Encryption.TLS, "tls-login", "tls-pw"));
        backend.apply(state, ChangeSet.everything());
        Received r = deliver(implicitTls, "x@smtps.example", "domain-implicit");
        assertEquals(Optional.of("tls-login"), r.login());
        assertEquals(Optional.of("server-login"), deliver(starttls, "x@plain.example", "domain-implicit-fallback").login());
    }

    @Test
    void wrongPasswordDefersAndAfterTheFixTheQueueIsDelivered() throws Exception {
        InMemoryDesiredState state = new InMemoryDesiredState()
                .server(relay("127.0.0.1", starttls.port(), Encryption.STARTTLS, "server-login", "WRONG"));
        backend.apply(state, ChangeSet.everything());
        postfix.send("x@nodomain.example", "someone@remote.example", "deferred-then-delivered");
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!postfix.maillog().contains("SASL authentication failed") && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertTrue(postfix.maillog().contains("status=deferred"), "deferred, not bounced");
        assertTrue(starttls.received().stream().noneMatch(r -> r.hasSubject("deferred-then-delivered")));

        state.server(relay("127.0.0.1", starttls.port(), Encryption.STARTTLS, "server-login", "server-pw"));
        backend.apply(state, ChangeSet.serverOnly());
        postfix.flush();
        assertEquals(Optional.of("server-login"), starttls.await("deferred-then-delivered").login());
    }
}
