package io.smarthost.postfix.e2e;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.delivery.DeliveryStatus;
import io.smarthost.core.delivery.DeliveryStatus.State;
import io.smarthost.core.delivery.DeliveryTracker;
import io.smarthost.core.delivery.ScopeStats;
import io.smarthost.core.backend.Verification;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.panel.testkit.AesGcmSecretBox;
import io.smarthost.panel.testkit.InMemoryDomains;
import io.smarthost.panel.testkit.InMemorySettingsStore;
import io.smarthost.panel.testkit.RecordingActionLog;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.testing.PostfixInstance;
import io.smarthost.postfix.testing.TestRelay;
import io.smarthost.postfix.testing.TestRelay.Mode;
import io.smarthost.postfix.testing.TestRelay.Received;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * Per-sender relays on a real Postfix: the full sender address is looked up before {@code @domain} in
 * {@code sender_dependent_relayhost_maps}, {@code sender_dependent_default_transport_maps} and (with
 * {@code smtp_sender_dependent_authentication}) in {@code smtp_sasl_password_maps}. Relays on 127.0.0.1
 * record the AUTH login of each message.
 */
class SenderRelayDeliveryTest {

    @TempDir
    static Path base;
    static PostfixInstance postfix;
    static PostfixMailBackend backend;
    static TestRelay relayA;
    static TestRelay relayB;
    static TestRelay domainRelay;
    static TestRelay serverRelay;

    @BeforeAll
    static void startAll() throws Exception {
        postfix = PostfixInstance.create(base);
        postfix.start();
        backend = new PostfixMailBackend(postfix.settings());
        relayA = TestRelay.start(Mode.STARTTLS, Map.of("alice-login", "alice-pw"));
        relayB = TestRelay.start(Mode.STARTTLS, Map.of("bob-login", "bob-pw"));
        domainRelay = TestRelay.start(Mode.STARTTLS, Map.of("corp-login", "corp-pw", "dave-login", "dave-pw"));
        serverRelay = TestRelay.start(Mode.STARTTLS, Map.of("server-login", "server-pw"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {postfix, relayA, relayB, domainRelay, serverRelay}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @AfterEach
    void showLogOnFailure(TestInfo info) {
        System.out.println("---- maillog after " + info.getDisplayName() + "\n" + postfix.maillog());
    }

    /** Server relay, corp.example's default relay, alice and bob on relays of their own with their own logins. */
    static InMemoryDesiredState twoSendersAndTheirDomain() {
        return new InMemoryDesiredState()
                .server(relay("127.0.0.1", serverRelay.port(), Encryption.STARTTLS, "server-login", "server-pw"))
                .domain("corp.example", relay("127.0.0.1", domainRelay.port(), Encryption.STARTTLS, "corp-login", "corp-pw"))
                .sender("alice@corp.example", relay("127.0.0.1", relayA.port(), Encryption.STARTTLS, "alice-login", "alice-pw"))
                .sender("bob@corp.example", relay("127.0.0.1", relayB.port(), Encryption.STARTTLS, "bob-login", "bob-pw"));
    }

    @Test
    void twoSendersOfOneDomainOnTwoRelaysWithTwoLoginsPlusTheDomainsDefault() throws Exception {
        backend.apply(twoSendersAndTheirDomain(), ChangeSet.everything());
        // interleaved, so that a reused connection or a cached lookup would mix identities
        String[][] cases = {
                {"alice@corp.example", "A", "alice-login"},
                {"bob@corp.example", "B", "bob-login"},
                {"carol@corp.example", "D", "corp-login"},
                {"Alice@CORP.example", "A", "alice-login"}, // Postfix folds the lookup key's case
                {"someone@elsewhere.example", "S", "server-login"},
        };
        int n = 15;
        for (int i = 0; i < n; i++) {
            String[] c = cases[i % cases.length];
            postfix.send(c[0], "rcpt" + i + "@remote.example", "per-sender-" + i);
        }
        for (int i = 0; i < n; i++) {
            String[] c = cases[i % cases.length];
            TestRelay expected = switch (c[1]) {
                case "A" -> relayA;
                case "B" -> relayB;
                case "D" -> domainRelay;
                default -> serverRelay;
            };
            Received r = expected.await("per-sender-" + i);
            assertEquals(Optional.of(c[2]), r.login(), "login used for " + c[0]);
            assertTrue(r.tls(), "STARTTLS for " + c[0]);
        }
        for (TestRelay other : new TestRelay[] {relayA, relayB, domainRelay, serverRelay}) {
            for (Received r : other.received()) {
                String subject = r.data().lines().filter(l -> l.startsWith("Subject: per-sender-")).findFirst().orElse("");
                if (subject.isEmpty()) {
                    continue;
                }
                int i = Integer.parseInt(subject.substring("Subject: per-sender-".length()).strip());
                TestRelay expected = switch (cases[i % cases.length][1]) {
                    case "A" -> relayA;
                    case "B" -> relayB;
                    case "D" -> domainRelay;
                    default -> serverRelay;
                };
                assertTrue(expected == other, "message " + i + " from " + cases[i % cases.length][0] + " arrived at the wrong relay");
            }
        }
        Verification v = backend.verify(twoSendersAndTheirDomain());
        assertTrue(v.agrees(), v.disagreements().toString());
        String saslMap = Files.readString(postfix.configDir().resolve("smarthost/sasl_passwd"));
        assertTrue(saslMap.contains("\nalice@corp.example alice-login:alice-pw\n"), saslMap.replaceAll(":[^\\n]*", ":***"));
    }

    /**
     * An address on a relay of its own saved without a login: Postfix looked the login up by the address (none), then by
     * {@code @domain}, and handed the domain's login to the address's relay, which a customer could point at a host of
     * their own (a hostile tester). It goes through a transport that never logs in.
     */
    @Test
    void anAddressRelayWithoutALoginIsNeverSentItsDomainsLogin() throws Exception {
        try (TestRelay open = TestRelay.startLoginOptional(Mode.STARTTLS, Map.of("corp-login", "corp-pw"))) {
            InMemoryDesiredState state = twoSendersAndTheirDomain()
                    .sender("frank@corp.example", relay("127.0.0.1", open.port(), Encryption.STARTTLS, null, null));
            backend.apply(state, ChangeSet.everything());
            postfix.send("frank@corp.example", "x@remote.example", "no-login-frank");
            postfix.send("erin@corp.example", "x@remote.example", "domain-login-erin");
            assertEquals(Optional.empty(), open.await("no-login-frank").login(), "the domain's login never reaches it");
            assertEquals(Optional.of("corp-login"), domainRelay.await("domain-login-erin").login());
        }
    }

    @Test
    void onTheDomainsOwnRelayAnAddressStillUsesItsOwnLogin() throws Exception {
        // same host and port as the domain: only the password map keyed by the address tells the logins apart
        InMemoryDesiredState state = twoSendersAndTheirDomain()
                .sender("dave@corp.example", relay("127.0.0.1", domainRelay.port(), Encryption.STARTTLS, "dave-login", "dave-pw"));
        backend.apply(state, ChangeSet.everything());
        postfix.send("dave@corp.example", "x@remote.example", "same-relay-dave");
        postfix.send("erin@corp.example", "x@remote.example", "same-relay-erin");
        assertEquals(Optional.of("dave-login"), domainRelay.await("same-relay-dave").login());
        assertEquals(Optional.of("corp-login"), domainRelay.await("same-relay-erin").login());
    }

    @Test
    void addingAndRemovingOneAddressIsIncrementalAndFallsBackToTheDomain() throws Exception {
        InMemoryDesiredState state = new InMemoryDesiredState()
                .server(relay("127.0.0.1", serverRelay.port(), Encryption.STARTTLS, "server-login", "server-pw"))
                .domain("corp.example", relay("127.0.0.1", domainRelay.port(), Encryption.STARTTLS, "corp-login", "corp-pw"));
        backend.apply(state, ChangeSet.everything());
        state.sender("bob@corp.example", relay("127.0.0.1", relayB.port(), Encryption.STARTTLS, "bob-login", "bob-pw"));
        var added = backend.apply(state, ChangeSet.domains(Set.of("bob@corp.example")));
        assertTrue(added.steps().stream().noneMatch(s -> s.contains("rebuilt")), "edited in place: " + added.steps());
        assertEquals(Optional.of("bob-login"), relayB.await(sendNow("bob@corp.example", "incremental-added")).login());
        assertTrue(backend.verify(state).agrees(), backend.verify(state).disagreements().toString());

        state.sender("bob@corp.example", null);
        backend.apply(state, ChangeSet.domains(Set.of("bob@corp.example")));
        assertEquals(Optional.of("corp-login"), domainRelay.await(sendNow("bob@corp.example", "incremental-removed")).login());
        assertTrue(backend.verify(state).agrees(), backend.verify(state).disagreements().toString());
    }

    @Test
    void anAddressRelayWithoutAnyDomainOrServerRelayTurnsTheMapsOn() throws Exception {
        InMemoryDesiredState state = new InMemoryDesiredState()
                .sender("alice@solo.example", relay("127.0.0.1", relayA.port(), Encryption.STARTTLS, "alice-login", "alice-pw"));
        backend.apply(state, ChangeSet.everything());
        String mainCf = Files.readString(postfix.configDir().resolve("main.cf"));
        assertTrue(mainCf.contains("smtp_sender_dependent_authentication = yes"), mainCf);
        assertEquals(Optional.of("alice-login"), relayA.await(sendNow("alice@solo.example", "solo-sender")).login());
        assertTrue(backend.verify(state).agrees(), backend.verify(state).disagreements().toString());
        backend.apply(new InMemoryDesiredState(), ChangeSet.everything());
    }

    /**
     * The delivery figures tell the domain's relay from its addresses' (a hostile tester: dead.example's relay
     * delivered nothing while its status read OK, because alice's own relay did). One message from each, read from
     * the instance's real log.
     */
    @Test
    void aDeadDomainRelayReadsFailingWhileItsAddressOnAWorkingRelayReadsOk() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        InMemoryDesiredState state = twoSendersAndTheirDomain()
                .domain("dead.example", relay("127.0.0.1", closedPort, Encryption.STARTTLS, "dead-login", "dead-pw"))
                .sender("alice@dead.example", relay("127.0.0.1", relayA.port(), Encryption.STARTTLS, "alice-login", "alice-pw"));
        backend.apply(state, ChangeSet.everything());
        InMemoryDomains domains = new InMemoryDomains();
        domains.add("dead.example", "carol");
        try (DeliveryTracker tracker = new DeliveryTracker(new InMemorySettingsStore(new AesGcmSecretBox()),
                new RecordingActionLog(), backend.deliveryReporting(), d -> EffectiveRelay.resolve(state, d), domains::find,
                d -> d.equals("dead.example") ? Set.of("alice@dead.example") : Set.of(), Clock.systemUTC())) {
            // bob twice: two failures in a row are announced at once (one would wait ScopeStats.STABLE)
            postfix.send("bob@dead.example", "x@remote.example", "dead-domain-bob");
            postfix.send("alice@dead.example", "x@remote.example", "dead-domain-alice");
            postfix.send("bob@dead.example", "y@remote.example", "dead-domain-bob-2");
            assertEquals(Optional.of("alice-login"), relayA.await("dead-domain-alice").login());
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end && !(tracker.domain("dead.example").last24h().deferred() >= 2
                    && tracker.sender("alice@dead.example").last24h().sent() == 1
                    && tracker.domain("dead.example").failing())) {
                Thread.sleep(300);
                tracker.poll();
            }
            DeliveryStatus domain = tracker.domain("dead.example");
            assertEquals(State.FAILING, domain.state(), "the domain's relay delivered nothing: " + domain);
            assertEquals(0, domain.last24h().sent(), "alice's message is not the domain relay's");
            assertEquals(Optional.empty(), domain.lastSent());
            assertTrue(domain.lastError().orElseThrow().reply().contains(":" + closedPort), domain.lastError().toString());
            DeliveryStatus alice = tracker.sender("alice@dead.example");
            assertEquals(State.OK, alice.state());
            assertEquals(new ScopeStats.Counts(1, 0, 0), alice.last24h());
            assertEquals("127.0.0.1[127.0.0.1]:" + relayA.port(), alice.lastRelay());
            assertEquals(java.util.List.of("dead.example"), tracker.failingRelays());
            tracker.refreshQueue();
            assertEquals(2, tracker.domain("dead.example").queue().count(), "bob's messages wait for the domain's relay");
            assertEquals(0, tracker.sender("alice@dead.example").queue().count());
        } finally {
            backend.apply(twoSendersAndTheirDomain(), ChangeSet.everything());
        }
    }

    /**
     * Address extensions (a hostile tester): with {@code recipient_delimiter = +-}, Postfix looks
     * {@code alice+tag@dead.example} up, then {@code alice@dead.example}, then {@code @dead.example} in the three sender
     * maps, so the message left through alice's relay with her login; the panel counted it for dead.example's relay
     * (dead, every message deferred), which then read OK. The backend reads the delimiters from main.cf, and the
     * figures follow Postfix: alice's relay carried both tagged messages, the domain's relay nothing.
     */
    @Test
    void anAddressWithAnExtensionGoesThroughAndCountsForTheRelayOfTheAddressWithoutIt() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        InMemoryDesiredState state = twoSendersAndTheirDomain()
                .domain("ext.example", relay("127.0.0.1", closedPort, Encryption.STARTTLS, "dead-login", "dead-pw"))
                .sender("alice@ext.example", relay("127.0.0.1", relayA.port(), Encryption.STARTTLS, "alice-login", "alice-pw"));
        backend.apply(state, ChangeSet.everything());
        assertEquals(io.smarthost.core.backend.AddressExtensions.NONE, backend.addressExtensions(),
                "Postfix's default recipient_delimiter is empty");
        postconf("-e", "recipient_delimiter = +-");
        InMemoryDomains domains = new InMemoryDomains();
        domains.add("ext.example", "carol");
        try (DeliveryTracker tracker = new DeliveryTracker(new InMemorySettingsStore(new AesGcmSecretBox()),
                new RecordingActionLog(), backend.deliveryReporting(), d -> EffectiveRelay.resolve(state, d), domains::find,
                d -> d.equals("ext.example") ? Set.of("alice@ext.example") : Set.of(), backend::addressExtensions,
                Clock.systemUTC())) {
            assertEquals(io.smarthost.core.backend.AddressExtensions.of("+-"), backend.addressExtensions());
            postfix.send("bob@ext.example", "x@remote.example", "ext-bob");
            postfix.send("alice+tag@ext.example", "x@remote.example", "ext-alice-plus");
            postfix.send("Alice-News@ext.example", "x@remote.example", "ext-alice-minus");
            postfix.send("bob@ext.example", "y@remote.example", "ext-bob-2");
            assertEquals(Optional.of("alice-login"), relayA.await("ext-alice-plus").login());
            assertEquals(Optional.of("alice-login"), relayA.await("ext-alice-minus").login());
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end && !(tracker.domain("ext.example").last24h().deferred() >= 2
                    && tracker.sender("alice@ext.example").last24h().sent() == 2
                    && tracker.domain("ext.example").failing())) {
                Thread.sleep(300);
                tracker.poll();
            }
            DeliveryStatus domain = tracker.domain("ext.example");
            assertEquals(State.FAILING, domain.state(), "the domain's relay delivered nothing: " + domain);
            assertEquals(0, domain.last24h().sent(), "alice's tagged messages are not the domain relay's");
            assertEquals(Optional.empty(), domain.lastSent());
            DeliveryStatus alice = tracker.sender("alice@ext.example");
            assertEquals(new ScopeStats.Counts(2, 0, 0), alice.last24h());
            assertEquals("127.0.0.1[127.0.0.1]:" + relayA.port(), alice.lastRelay());
            assertEquals(java.util.List.of("ext.example"), tracker.failingRelays());
        } finally {
            postconf("-X", "recipient_delimiter");
            backend.apply(twoSendersAndTheirDomain(), ChangeSet.everything());
        }
    }

    /** {@code postconf -c DIR ARGS} on the instance (main.cf set back 3 s, see POSTFIX-TESTING), then a reload. */
    private static void postconf(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("/usr/sbin/postconf", "-c",
                postfix.configDir().toString()));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Path mainCf = postfix.configDir().resolve("main.cf");
        Files.setLastModifiedTime(mainCf, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3000));
        Process r = new ProcessBuilder("/usr/sbin/postfix", "-c", postfix.configDir().toString(), "reload")
                .redirectErrorStream(true).start();
        String rout = new String(r.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, r.waitFor(), rout);
    }

    /** An IDN domain on the domain relay (corp's login), its alias, anna on relay A, and a name with ß. */
    static InMemoryDesiredState idnDomainAndAddress() {
        Relay domain = relay("127.0.0.1", domainRelay.port(), Encryption.STARTTLS, "corp-login", "corp-pw");
        return new InMemoryDesiredState()
                .server(relay("127.0.0.1", serverRelay.port(), Encryption.STARTTLS, "server-login", "server-pw"))
                .domain("xn--bcher-kva.example", domain)
                .domain("xn--mnchen-3ya.example", domain) // an alias: the domain's relay under its own name
                .domain("xn--strae-oqa.example", domain)
                .sender("anna@xn--bcher-kva.example", relay("127.0.0.1", relayA.port(), Encryption.STARTTLS, "alice-login", "alice-pw"));
    }

    /**
     * Mail from an IDN domain's senders written in Unicode (SMTPUTF8 {@code MAIL FROM:<anna@bücher.example>}): Postfix
     * looks {@code anna@bücher.example} and {@code @bücher.example} up as they are, and with the ASCII keys alone both
     * went through the server's relay with the server's login. The maps carry the Unicode keys too, written in full
     * and edited in place, and the self-check calls them the panel's own. {@code straße.example}, which Postfix folds
     * to {@code strasse.example} (another name), gets none: its Unicode senders still take the server's relay.
     */
    @Test
    void unicodeSendersOfAnIdnDomainGoThroughTheAddresssAndTheDomainsRelays() throws Exception {
        InMemoryDesiredState state = idnDomainAndAddress();
        backend.apply(state, ChangeSet.everything());
        String[][] cases = {
                {"anna@bücher.example", "A", "alice-login"},
                {"bob@bücher.example", "D", "corp-login"},
                {"Anna@BÜCHER.example", "A", "alice-login"}, // Postfix folds the case of a UTF-8 key too
                {"max@münchen.example", "D", "corp-login"},
                {"anna@xn--bcher-kva.example", "A", "alice-login"},
                {"bob@xn--bcher-kva.example", "D", "corp-login"},
                {"eve@straße.example", "S", "server-login"},
        };
        for (int i = 0; i < cases.length; i++) {
            postfix.sendSmtputf8(cases[i][0], "rcpt" + i + "@remote.example", "idn-" + i);
        }
        for (int i = 0; i < cases.length; i++) {
            TestRelay expected = switch (cases[i][1]) {
                case "A" -> relayA;
                case "D" -> domainRelay;
                default -> serverRelay;
            };
            Received r = expected.await("idn-" + i);
            assertEquals(Optional.of(cases[i][2]), r.login(), "login used for " + cases[i][0]);
        }
        Verification v = backend.verify(state);
        assertTrue(v.agrees(), v.disagreements().toString());
        String relays = Files.readString(postfix.configDir().resolve("smarthost/sender_relay"));
        assertTrue(relays.contains("\n@bücher.example [127.0.0.1]:" + domainRelay.port() + "\n"), relays);
        assertTrue(relays.contains("\nanna@bücher.example [127.0.0.1]:" + relayA.port() + "\n"), relays);
        assertTrue(!relays.contains("stra\u00dfe") && !relays.contains("strasse"), relays);

        // one domain and one address changed in place: their Unicode keys follow
        state.domain("xn--bcher-kva.example", relay("127.0.0.1", relayB.port(), Encryption.STARTTLS, "bob-login", "bob-pw"))
                .sender("anna@xn--bcher-kva.example", null);
        var changed = backend.apply(state, ChangeSet.domains(Set.of("xn--bcher-kva.example", "anna@xn--bcher-kva.example")));
        assertTrue(changed.steps().stream().noneMatch(s -> s.contains("rebuilt")), "edited in place: " + changed.steps());
        assertEquals(Optional.of("bob-login"), relayB.await(sendUtf8Now("anna@bücher.example", "idn-edited-anna")).login());
        assertEquals(Optional.of("bob-login"), relayB.await(sendUtf8Now("bob@bücher.example", "idn-edited-bob")).login());
        assertEquals(Optional.of("corp-login"), domainRelay.await(sendUtf8Now("max@münchen.example", "idn-edited-max")).login());
        v = backend.verify(state);
        assertTrue(v.agrees(), v.disagreements().toString());

        // the domain's relay removed: its Unicode senders take the server's relay, as its ASCII ones do
        state.domain("xn--bcher-kva.example", null);
        backend.apply(state, ChangeSet.domains(Set.of("xn--bcher-kva.example")));
        assertEquals(Optional.of("server-login"), serverRelay.await(sendUtf8Now("bob@bücher.example", "idn-removed-bob")).login());
        relays = Files.readString(postfix.configDir().resolve("smarthost/sender_relay"));
        assertTrue(relays.lines().noneMatch(l -> l.startsWith("@bücher.example ") || l.startsWith("anna@bücher.example ")), relays);
        v = backend.verify(state);
        assertTrue(v.agrees(), v.disagreements().toString());
        backend.apply(twoSendersAndTheirDomain(), ChangeSet.everything());
    }

    private static String sendUtf8Now(String from, String subject) throws Exception {
        postfix.sendSmtputf8(from, "someone@remote.example", subject);
        return subject;
    }

    private static String sendNow(String from, String subject) throws Exception {
        postfix.send(from, "someone@remote.example", subject);
        return subject;
    }
}
