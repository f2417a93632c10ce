package io.smarthost.postfix.delivery;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.delivery.DeliveryStatus;
import io.smarthost.core.delivery.DeliveryStatus.State;
import io.smarthost.core.delivery.DeliveryTracker;
import io.smarthost.core.delivery.ScopeStats.Counts;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostSyntax;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.panel.testkit.AesGcmSecretBox;
import io.smarthost.panel.testkit.InMemoryDomains;
import io.smarthost.panel.testkit.InMemorySettingsStore;
import io.smarthost.panel.testkit.MovableClock;
import io.smarthost.panel.testkit.RecordingActionLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-sender relays in the delivery figures (a hostile tester): a domain's status mixed its own relay with the relays
 * of its addresses. With the domain's relay dead and alice's own relay working, example.com read OK (last success
 * just now) while its relay delivered nothing; a failing address relay made the domain look broken. Each message
 * counts for the relay Postfix chose for its sender (the whole address before {@code @domain}), from real Postfix 3.7
 * log lines.
 */
class SenderRelayAttributionTest {
    static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH);
    static final String ALICE_RELAY = "127.0.0.1[127.0.0.1]:34805";

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T11:00:00Z"));
    final RecordingActionLog actions = new RecordingActionLog();
    final InMemoryDomains domains = new InMemoryDomains();
    final InMemoryDesiredState state = new InMemoryDesiredState()
            .server(relay("127.0.0.1", 2600, Encryption.STARTTLS, "server-login", "server-pw"))
            .domain("example.com", relay("127.0.0.1", 2526, Encryption.STARTTLS, "corp-login", "corp-pw"))
            .domain("example.net", relay("127.0.0.1", 2526, Encryption.STARTTLS, "corp-login", "corp-pw"))
            .sender("alice@example.com", relay("127.0.0.1", 34805, Encryption.STARTTLS, "alice-login", "alice-pw"));
    int n;

    {
        domains.add("example.com", "carol", "example.net");
        domains.add("plain.example", "dan");
    }

    /** The mail server's recipient_delimiter as the backend reads it from main.cf (Postfix's default: none). */
    io.smarthost.core.backend.AddressExtensions extensions = io.smarthost.core.backend.AddressExtensions.NONE;

    DeliveryTracker tracker(Path log) {
        PostfixDeliveryReporting reporting = new PostfixDeliveryReporting(dir, dir, null, Duration.ofSeconds(5),
                log.toString(), clock);
        return new DeliveryTracker(new InMemorySettingsStore(new AesGcmSecretBox()), actions, Optional.of(reporting),
                d -> EffectiveRelay.resolve(state, ascii(d)), name -> domains.find(ascii(name)), this::ownRelays,
                () -> extensions, clock);
    }

    /** As the panel looks names up (the service and the host): a Unicode name in its ASCII form. */
    static String ascii(String name) {
        return name.isEmpty() ? "" : HostSyntax.dnsName(name);
    }

    Set<String> ownRelays(String domain) {
        Set<String> out = new HashSet<>();
        state.forEachSender((address, relay) -> {
            if (address.endsWith("@" + domain)) {
                out.add(address);
            }
        });
        return out;
    }

    /** One message from {@code sender}: announced by qmgr, sent through alice's relay or refused by a dead one. */
    void message(Path log, String sender, boolean sent) throws IOException {
        String time = SYSLOG.format(LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault()));
        String id = String.format("%011X", 0xC000000000L + n++);
        String line = LogLines.from(time, id, sender) + (sent
                ? time + " pfx-test postfix/smtp[11120]: " + id + ": to=<r@remote.example>, relay=" + ALICE_RELAY
                + ", delay=0.68, delays=0.04/0.24/0.35/0.05, dsn=2.0.0, status=sent (250 Ok)\n" + LogLines.removed(time, id)
                : time + " pfx-test postfix/smtp[11130]: " + id + ": to=<r@remote.example>, relay=none, delay=0.02,"
                + " delays=0.01/0/0.01/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:2526: Connection"
                + " refused)\n");
        Files.writeString(log, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        clock.now = clock.now.plusSeconds(1);
    }

    @Test
    void aDeadDomainRelayReadsFailingWhileAnAddressOnItsOwnRelayDelivers() throws IOException {
        Path log = dir.resolve("maillog");
        try (DeliveryTracker t = tracker(log)) {
            for (int i = 0; i < 3; i++) {
                message(log, "bob@example.com", false);
                message(log, i == 1 ? "Alice@Example.COM" : "alice@example.com", true); // Postfix folds the key's case
            }
            t.poll();
            DeliveryStatus domain = t.domain("example.com");
            assertEquals(State.FAILING, domain.state(), "the domain's own relay delivered nothing");
            assertEquals(new Counts(0, 3, 0), domain.last24h(), "bob's three deferrals, none of alice's messages");
            assertEquals(Optional.empty(), domain.lastSent(), "no success through the domain's relay");
            assertEquals("domain", domain.via());

            DeliveryStatus alice = t.sender("alice@example.com");
            assertEquals(State.OK, alice.state());
            assertEquals(new Counts(3, 0, 0), alice.last24h(), "alice's three messages, through her relay");
            assertEquals("sender", alice.via());
            assertEquals(ALICE_RELAY, alice.lastRelay());
            assertTrue(alice.lastError().isEmpty(), "bob's errors are not alice's");

            assertEquals(List.of("example.com"), t.failingRelays());
            assertEquals(List.of("example.com"), actions.entries("smarthost.delivery.failing").stream()
                    .map(e -> e.target()).toList());
            assertEquals(new Counts(0, 0, 0), t.server().last24h(), "neither went through the server's relay");
        }
    }

    @Test
    void aFailingAddressRelayLeavesItsDomainsRelayAlone() throws IOException {
        Path log = dir.resolve("maillog");
        try (DeliveryTracker t = tracker(log)) {
            message(log, "carol@example.com", true);
            message(log, "alice@example.com", false);
            message(log, "carol@example.net", true); // the alias: the domain's relay (alice's relay is on example.com only)
            message(log, "alice@example.com", false);
            message(log, "alice@example.net", true);
            t.poll();
            DeliveryStatus domain = t.domain("example.com");
            assertEquals(State.OK, domain.state());
            assertEquals(new Counts(3, 0, 0), domain.last24h());
            assertTrue(domain.lastError().isEmpty(), "alice's refusals are not the domain's");

            DeliveryStatus alice = t.sender("alice@example.com");
            assertEquals(State.FAILING, alice.state());
            assertEquals(new Counts(0, 2, 0), alice.last24h());
            assertEquals("4.4.1", alice.lastError().orElseThrow().dsn());
            assertEquals(List.of("alice@example.com"), t.failingRelays());
            assertEquals(List.of("alice@example.com"), actions.entries("smarthost.delivery.failing").stream()
                    .map(e -> e.target()).toList());
            Set<String> stored = t.senderStats(List.of("alice@example.com", "bob@example.com")).keySet();
            assertEquals(Set.of("alice@example.com"), stored, "figures only for what was seen");
        }
    }

    @Test
    void anAddressRelayUnderTheServersRelayCountsForNeitherTheServerNorItsDomain() throws IOException {
        state.sender("erin@plain.example", relay("127.0.0.1", 34805, Encryption.STARTTLS, "erin-login", "erin-pw"));
        Path log = dir.resolve("maillog");
        try (DeliveryTracker t = tracker(log)) {
            message(log, "erin@plain.example", false);
            message(log, "frank@plain.example", true);
            message(log, "erin@plain.example", false);
            t.poll();
            assertEquals(new Counts(1, 0, 0), t.server().last24h());
            assertEquals(new Counts(1, 0, 0), t.domain("plain.example").last24h(), "frank, through the server's relay");
            assertEquals("server", t.domain("plain.example").via());
            assertFalse(t.domain("plain.example").failing());
            assertFalse(t.server().failing());
            assertEquals(new Counts(0, 2, 0), t.sender("erin@plain.example").last24h());
            assertTrue(t.sender("erin@plain.example").failing());
        }
    }

    /**
     * A stale Health card (a hostile tester): carol's own relay failed, then her relay was removed; minutes later the
     * dashboard still said "mail of carol@example.com through the address's own relay is failing" while
     * {@code --status -sender} said she has no relay of her own. Only relays that are still on are failing relays:
     * an address's, a domain's, the server's; one whose failure settles after it went is not announced either.
     */
    @Test
    void aRemovedRelayIsNoLongerAFailingRelay() throws IOException {
        state.sender("carol@example.com", relay("127.0.0.1", 2526, Encryption.STARTTLS, "carol-login", "carol-pw"));
        Path log = dir.resolve("maillog");
        try (DeliveryTracker t = tracker(log)) {
            message(log, "carol@example.com", false);
            message(log, "carol@example.com", false);
            message(log, "bob@example.com", false);
            message(log, "bob@example.com", false);
            message(log, "erin@plain.example", false); // the server's relay: no domain relay, no address relay
            message(log, "erin@plain.example", false);
            t.poll();
            assertEquals(List.of("carol@example.com", "example.com", "server"), t.failingRelays());

            state.sender("carol@example.com", null); // --remove-sender carol@example.com
            assertEquals(List.of("example.com", "server"), t.failingRelays(), "carol has no relay of her own any more");
            assertTrue(t.sender("carol@example.com").failing(), "her last figures stay as they were");
            state.domain("example.com", null); // the domain's relay removed: its mail takes the server's
            assertEquals(List.of("server"), t.failingRelays());
            state.server(null);
            assertEquals(List.of(), t.failingRelays());
        }
        // one deferral waits ScopeStats.STABLE before it is announced: not once the relay is gone
        state.server(relay("127.0.0.1", 2600, Encryption.STARTTLS, "server-login", "server-pw"))
                .sender("dan@plain.example", relay("127.0.0.1", 34805, Encryption.STARTTLS, "dan-login", "dan-pw"));
        Path second = dir.resolve("maillog2");
        try (DeliveryTracker t = tracker(second)) {
            message(second, "dan@plain.example", false);
            t.poll();
            state.sender("dan@plain.example", null);
            clock.now = clock.now.plusSeconds(60);
            t.poll();
            assertEquals(List.of(), t.failingRelays());
            assertTrue(actions.entries("smarthost.delivery.failing").stream().noneMatch(e -> e.target().equals("dan@plain.example")),
                    "dan's relay is gone: " + actions.entries("smarthost.delivery.failing"));
        }
    }

    @Test
    void anAddressWhoseRelayIsOffFollowsItsDomain() throws IOException {
        Path log = dir.resolve("maillog");
        state.sender("alice@example.com", null);
        try (DeliveryTracker t = tracker(log)) {
            message(log, "alice@example.com", true);
            t.poll();
            assertEquals(new Counts(1, 0, 0), t.domain("example.com").last24h());
            assertEquals(State.IDLE, t.sender("alice@example.com").state());
            assertTrue(t.senderStats(List.of("alice@example.com")).isEmpty(), "nothing counted for alice");
        }
    }

    /**
     * Address extensions (a hostile tester): with {@code recipient_delimiter = +-}, Postfix sent
     * {@code alice+tag@ext.example} and {@code Alice-News@ext.example} through alice's own relay (42569: it looks the
     * address up, then the address without its extension, then {@code @ext.example}), while the domain's relay (41825,
     * dead) refused bob twice. The panel counted alice's tagged mail for the domain, which read OK with its last
     * success through 42569, and announced it recovered. Lines as a real Postfix 3.7 logged them
     * (SenderRelayDeliveryTest).
     */
    @Test
    void anAddressWithAnExtensionCountsForTheRelayOfTheAddressWithoutIt() throws IOException {
        domains.add("ext.example", "carol");
        state.domain("ext.example", relay("127.0.0.1", 41825, Encryption.STARTTLS, "dead-login", "dead-pw"))
                .sender("alice@ext.example", relay("127.0.0.1", 42569, Encryption.STARTTLS, "alice-login", "alice-pw"));
        extensions = io.smarthost.core.backend.AddressExtensions.of("+-");
        String time = SYSLOG.format(LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault()));
        String log = """
                T pfx-test postfix/qmgr[19380]: 28CD320C554: from=<bob@ext.example>, size=377, nrcpt=1 (queue active)
                T pfx-test postfix/qmgr[19380]: 3200C20C052: from=<alice+tag@ext.example>, size=397, nrcpt=1 (queue active)
                T pfx-test postfix/qmgr[19380]: 3320620C55B: from=<Alice-News@ext.example>, size=400, nrcpt=1 (queue active)
                T pfx-test postfix/qmgr[19380]: 3458E20C55C: from=<bob@ext.example>, size=381, nrcpt=1 (queue active)
                T pfx-test postfix/smtp[19387]: 28CD320C554: to=<x@remote.example>, relay=none, delay=0.12, delays=0.05/0.07/0/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:41825: Connection refused)
                T pfx-test postfix/smtp[19392]: 3458E20C55C: to=<y@remote.example>, relay=none, delay=0.11, delays=0.01/0.09/0.01/0, dsn=4.4.1, status=deferred (connect to 127.0.0.1[127.0.0.1]:41825: Connection refused)
                T pfx-test postfix/smtp[19389]: 3320620C55B: to=<x@remote.example>, relay=127.0.0.1[127.0.0.1]:42569, delay=0.97, delays=0/0.09/0.66/0.22, dsn=2.0.0, status=sent (250 Ok)
                T pfx-test postfix/smtp[19387]: 3200C20C052: to=<x@remote.example>, relay=127.0.0.1[127.0.0.1]:42569, delay=0.99, delays=0/0.08/0.71/0.2, dsn=2.0.0, status=sent (250 Ok)
                """.replace("T pfx-test", time + " pfx-test");
        Path file = dir.resolve("maillog");
        Files.writeString(file, log);
        try (DeliveryTracker t = tracker(file)) {
            t.poll();
            DeliveryStatus domain = t.domain("ext.example");
            assertEquals(State.FAILING, domain.state(), "the domain's relay delivered nothing: " + domain);
            assertEquals(new Counts(0, 2, 0), domain.last24h(), "bob's two deferrals only");
            assertEquals(Optional.empty(), domain.lastSent());
            DeliveryStatus alice = t.sender("alice@ext.example");
            assertEquals(new Counts(2, 0, 0), alice.last24h(), "alice+tag and Alice-News, through alice's relay");
            assertEquals("127.0.0.1[127.0.0.1]:42569", alice.lastRelay());
            assertEquals("sender", alice.via());
            assertEquals(List.of("ext.example"), t.failingRelays());
            assertTrue(actions.entries("smarthost.delivery.recovered").isEmpty(), "nothing recovered");
        }
        // Postfix's default (no recipient_delimiter): alice+tag@ is an address of its own, looked up as such, and
        // Postfix sends it through the domain's relay, where it counts
        extensions = io.smarthost.core.backend.AddressExtensions.NONE;
        Files.writeString(file, log.replace("ext.example", "ext2.example"));
        domains.add("ext2.example", "dave");
        state.domain("ext2.example", relay("127.0.0.1", 42569, Encryption.STARTTLS, "d", "d"))
                .sender("alice@ext2.example", relay("127.0.0.1", 41825, Encryption.STARTTLS, "a", "a"));
        try (DeliveryTracker t = tracker(file)) {
            t.poll();
            assertEquals(new Counts(2, 2, 0), t.domain("ext2.example").last24h());
            assertEquals(new Counts(0, 0, 0), t.sender("alice@ext2.example").last24h());
        }
    }

    /**
     * An IDN domain's senders in Unicode (SMTPUTF8 {@code MAIL FROM:<anna@bücher.example>}): the maps hold the Unicode
     * keys beside the ASCII ones, so Postfix sent anna (in either case) through her relay (2603) and bob through the
     * domain's (2601), and the figures say so; they counted both for the server's relay while the maps held ASCII keys
     * only. {@code eve@straße.example}, which Postfix folds to {@code strasse.example} (no key of the panel's), still
     * took the server-wide relay (2699) and counts there, not for straße.example's relay. Lines as a real Postfix 3.7
     * logged them (SenderRelayDeliveryTest, the relays' ports replaced).
     */
    @Test
    void aUnicodeSenderOfAnIdnDomainCountsForTheRelayOfItsAddressOrDomain() throws IOException {
        domains.add("xn--bcher-kva.example", "anna");
        domains.add("xn--strae-oqa.example", "eve");
        state.server(relay("127.0.0.1", 2699, Encryption.NONE, "s", "s"))
                .domain("xn--bcher-kva.example", relay("127.0.0.1", 2601, Encryption.NONE, "d", "d"))
                .domain("xn--strae-oqa.example", relay("127.0.0.1", 2601, Encryption.NONE, "d", "d"))
                .sender("anna@xn--bcher-kva.example", relay("127.0.0.1", 2603, Encryption.NONE, "a", "a"));
        String time = SYSLOG.format(LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault()));
        String log = """
                T pfx-test postfix/qmgr[29301]: A7AB120CCF1: from=<anna@bücher.example>, size=389, nrcpt=1 (queue active)
                T pfx-test postfix/qmgr[29301]: B634120CD0E: from=<bob@bücher.example>, size=388, nrcpt=1 (queue active)
                T pfx-test postfix/qmgr[29301]: D870120CD4A: from=<Anna@BÜCHER.example>, size=389, nrcpt=1 (queue active)
                T pfx-test postfix/qmgr[29301]: 40F5D20CD78: from=<eve@straße.example>, size=388, nrcpt=1 (queue active)
                T pfx-test postfix/smtp[29349]: D870120CD4A: to=<rcpt2@remote.example>, relay=127.0.0.1[127.0.0.1]:2603, delay=1.5, delays=0.03/0.02/0.88/0.54, dsn=2.0.0, status=sent (250 Ok)
                T pfx-test postfix/qmgr[29301]: D870120CD4A: removed
                T pfx-test postfix/smtp[29362]: 40F5D20CD78: to=<rcpt6@remote.example>, relay=127.0.0.1[127.0.0.1]:2699, delay=1.1, delays=0.03/0.01/0.65/0.37, dsn=2.0.0, status=sent (250 Ok)
                T pfx-test postfix/qmgr[29301]: 40F5D20CD78: removed
                T pfx-test postfix/smtp[29314]: A7AB120CCF1: to=<rcpt0@remote.example>, relay=127.0.0.1[127.0.0.1]:2603, delay=1.7, delays=0.04/0.16/0.87/0.6, dsn=2.0.0, status=sent (250 Ok)
                T pfx-test postfix/qmgr[29301]: A7AB120CCF1: removed
                T pfx-test postfix/smtp[29346]: B634120CD0E: to=<rcpt1@remote.example>, relay=127.0.0.1[127.0.0.1]:2601, delay=1.7, delays=0/0.13/0.91/0.68, dsn=2.0.0, status=sent (250 Ok)
                T pfx-test postfix/qmgr[29301]: B634120CD0E: removed
                """.replace("T pfx-test", time + " pfx-test");
        Path file = dir.resolve("maillog");
        Files.writeString(file, log, java.nio.charset.StandardCharsets.UTF_8);
        try (DeliveryTracker t = tracker(file)) {
            t.poll();
            DeliveryStatus anna = t.sender("anna@xn--bcher-kva.example");
            assertEquals(new Counts(2, 0, 0), anna.last24h(), "anna in Unicode, in either case, through her relay");
            assertEquals("127.0.0.1[127.0.0.1]:2603", anna.lastRelay());
            DeliveryStatus domain = t.domain("xn--bcher-kva.example");
            assertEquals(new Counts(1, 0, 0), domain.last24h(), "bob in Unicode, through the domain's relay");
            assertEquals("127.0.0.1[127.0.0.1]:2601", domain.lastRelay());
            assertEquals("domain", domain.via());
            assertEquals(new Counts(1, 0, 0), t.server().last24h(), "eve@straße.example only");
            assertEquals(new Counts(0, 0, 0), t.domain("xn--strae-oqa.example").last24h(),
                    "straße.example's relay carried nothing");

            // a domain without a relay of its own: its mail, in either form, is the server's, shown to its owner too
            domains.add("xn--mnchen-3ya.example", "max");
            state.sender("anna@xn--bcher-kva.example", null);
        }
        String later = SYSLOG.format(LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault()));
        Files.writeString(file, LogLines.from(later, "3AA2B20C501", "max@münchen.example")
                + LogLines.sent(later, "3AA2B20C501", "r@remote.example"), java.nio.charset.StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (DeliveryTracker t = tracker(file)) {
            t.poll();
            DeliveryStatus domain = t.domain("xn--mnchen-3ya.example");
            assertEquals(new Counts(1, 0, 0), domain.last24h());
            assertEquals("server", domain.via(), "its owner is told which relay carried it");
        }
    }
}
