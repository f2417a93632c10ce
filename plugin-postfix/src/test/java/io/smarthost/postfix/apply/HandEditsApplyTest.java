package io.smarthost.postfix.apply;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.postfix.LocalCommandRunner;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.PostfixSettings;
import io.smarthost.postfix.testing.PostfixInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand edits met by an apply. A line added by hand to a panel map (a hostile tester: Postfix sent example.net's mail to the hand's relay while
 * every later change said "Applied" and kept the line, and the domain's pages said "the server-wide relay"): the
 * next change rewrites the maps that differ from the settings and says so.
 */
class HandEditsApplyTest {

    @TempDir
    Path base;
    Path dir;
    PostfixMailBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        dir = PostfixInstance.create(base).configDir();
        backend = new PostfixMailBackend(PostfixSettings.of(dir, new LocalCommandRunner()));
    }

    static InMemoryDesiredState state(String aRelay) {
        return new InMemoryDesiredState()
                .server(relay("192.0.2.1", 587, Encryption.STARTTLS, "server", "server-secret-1"))
                .domain("a.example", relay(aRelay, 587, Encryption.STARTTLS, "ua", "pw-a"))
                .domain("b.example", relay("192.0.2.11", 465, Encryption.TLS, "ub", "pw-b"));
    }

    private String query(String map, String key) throws Exception {
        var r = new LocalCommandRunner().run(io.smarthost.panel.api.services.CommandRunner.Command.of(Duration.ofSeconds(10),
                "/usr/sbin/postmap", "-c", dir.toString(), "-q", key, "hash:" + dir.resolve("smarthost/" + map)));
        return r.stdout().strip();
    }

    private void addByHand(String map, String line) throws Exception {
        Path file = dir.resolve("smarthost/" + map);
        Files.writeString(file, Files.readString(file) + line + "\n");
        var r = new LocalCommandRunner().run(io.smarthost.panel.api.services.CommandRunner.Command.of(Duration.ofSeconds(10),
                "/usr/sbin/postmap", "-c", dir.toString(), "hash:" + file));
        assertEquals(0, r.exitCode(), r.stderr());
    }

    private static List<String> warnings(ApplyReport r) {
        return r.warningTexts();
    }

    @Test
    void aLineAddedByHandIsRewrittenByTheNextChangeWhichSaysSo() throws Exception {
        backend.apply(state("192.0.2.10"), ChangeSet.everything());
        addByHand("sender_relay", "@c.example [hand.example]:25");
        assertEquals("[hand.example]:25", query("sender_relay", "@c.example"));

        ApplyReport r = backend.apply(state("192.0.2.12"), ChangeSet.domains(Set.of("a.example")));
        assertTrue(warnings(r).stream().anyMatch(w -> w.startsWith("sender_relay in ") && w.contains("changed outside the panel")),
                warnings(r).toString());
        assertEquals("", query("sender_relay", "@c.example"), "the hand's line is gone from the table Postfix reads");
        assertEquals("[192.0.2.12]:587", query("sender_relay", "@a.example"));
        assertFalse(Files.readString(dir.resolve("smarthost/sender_relay")).contains("hand.example"));
        assertTrue(backend.verify(state("192.0.2.12")).agrees());

        ApplyReport next = backend.apply(state("192.0.2.13"), ChangeSet.domains(Set.of("a.example")));
        assertTrue(warnings(next).isEmpty(), "said once: " + warnings(next));
    }

    @Test
    void aMapTouchedButNotChangedIsNotReported() throws Exception {
        backend.apply(state("192.0.2.10"), ChangeSet.everything());
        Path relays = dir.resolve("smarthost/sender_relay");
        Files.setLastModifiedTime(relays, FileTime.from(Instant.now().plusSeconds(5)));
        ApplyReport r = backend.apply(state("192.0.2.12"), ChangeSet.domains(Set.of("a.example")));
        assertTrue(warnings(r).isEmpty(), warnings(r).toString());
        assertEquals("[192.0.2.12]:587", query("sender_relay", "@a.example"));
    }

    /**
     * An IDN domain's Unicode key ({@code @bücher.example}, which Postfix looks up for a sender written in Unicode) is
     * one of the change's own keys: a change of that domain after a map was touched rewrites it without calling it a
     * hand edit, and the self-check agrees.
     */
    @Test
    void theUnicodeKeyOfAnIdnDomainIsTheChangesOwnNotAHandEdit() throws Exception {
        backend.apply(state("192.0.2.10").domain("xn--bcher-kva.example",
                relay("192.0.2.20", 587, Encryption.STARTTLS, "uc", "pw-c")), ChangeSet.everything());
        assertEquals("[192.0.2.20]:587", query("sender_relay", "@bücher.example"));
        Path relays = dir.resolve("smarthost/sender_relay");
        Files.setLastModifiedTime(relays, FileTime.from(Instant.now().plusSeconds(5)));
        InMemoryDesiredState changed = state("192.0.2.10").domain("xn--bcher-kva.example",
                relay("192.0.2.21", 587, Encryption.STARTTLS, "uc", "pw-c"));
        ApplyReport r = backend.apply(changed, ChangeSet.domains(Set.of("xn--bcher-kva.example")));
        assertTrue(warnings(r).isEmpty(), warnings(r).toString());
        assertEquals("[192.0.2.21]:587", query("sender_relay", "@bücher.example"));
        assertEquals("[192.0.2.21]:587", query("sender_relay", "@xn--bcher-kva.example"));
        assertTrue(backend.verify(changed).agrees(), backend.verify(changed).disagreements().toString());
    }

    @Test
    void withoutRecordedFactsNothingIsAssumed() throws Exception {
        backend.apply(state("192.0.2.10"), ChangeSet.everything());
        Files.delete(dir.resolve("smarthost/" + MapFacts.FILE_NAME));
        addByHand("sender_relay", "@c.example [hand.example]:25");
        ApplyReport r = backend.apply(state("192.0.2.12"), ChangeSet.domains(Set.of("a.example")));
        assertTrue(warnings(r).isEmpty(), warnings(r).toString());
        assertTrue(Files.exists(dir.resolve("smarthost/" + MapFacts.FILE_NAME)), "recorded again");
    }

    @Test
    void aChangeThatFailedAndPutTheFilesBackIsNotTakenForAHandEdit() throws Exception {
        backend.apply(state("192.0.2.10"), ChangeSet.everything());
        InMemoryDesiredState bad = state("192.0.2.10").domain("a.example",
                relay("192.0.2.12", 587, Encryption.STARTTLS, "ua", "trailing "));
        assertThrows(BackendException.class, () -> backend.apply(bad, ChangeSet.domains(Set.of("a.example"))));
        ApplyReport r = backend.apply(state("192.0.2.12"), ChangeSet.domains(Set.of("a.example")));
        assertTrue(warnings(r).isEmpty(), warnings(r).toString());
    }

    /**
     * A recovery or repair (no one to ask) writes over a managed value changed by hand since the panel wrote it:
     * it says so and keeps main.cf as it was (a hostile tester's hand fix after a crash was lost without a trace).
     */
    @Test
    void aRepairThatReplacesAHandValueSaysSoAndKeepsMainCfAsItWas() throws Exception {
        backend.apply(state("192.0.2.10"), ChangeSet.everything());
        Path mainCf = dir.resolve("main.cf");
        String hand = Files.readString(mainCf).replace("relayhost = [192.0.2.1]:587", "relayhost = [hand-fix.example]:2525");
        Files.writeString(mainCf, hand);

        ApplyReport r = backend.apply(state("192.0.2.10"), ChangeSet.recovery());
        assertTrue(warnings(r).stream().anyMatch(w -> w.contains(": relayhost had been changed by hand")), warnings(r).toString());
        assertFalse(warnings(r).toString().contains("hand-fix.example"), "the value itself is not shown");
        assertTrue(Files.readString(mainCf).contains("relayhost = [192.0.2.1]:587"));
        Path newest;
        try (var versions = Files.list(dir.resolve("smarthost/history"))) {
            newest = versions.filter(Files::isDirectory).max(java.util.Comparator.naturalOrder()).orElseThrow();
        }
        assertEquals(hand, Files.readString(newest.resolve(History.MAIN_CF_BEFORE)));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(newest.resolve(History.MAIN_CF_BEFORE))));

        ApplyReport again = backend.apply(state("192.0.2.10"), ChangeSet.recovery());
        assertTrue(warnings(again).isEmpty(), "nothing by hand any more: " + warnings(again));

        // a change that does not ask (a domain deleted, a relay removed): the same word and copy
        Files.writeString(mainCf, hand);
        ApplyReport removed = backend.apply(new InMemoryDesiredState()
                .server(relay("192.0.2.1", 587, Encryption.STARTTLS, "server", "server-secret-1"))
                .domain("a.example", relay("192.0.2.10", 587, Encryption.STARTTLS, "ua", "pw-a")),
                ChangeSet.domains(Set.of("b.example")));
        assertTrue(warnings(removed).stream().anyMatch(w -> w.contains(": relayhost had been changed by hand")),
                warnings(removed).toString());
    }

    /**
     * An earlier version wrote the five transports that may log in, not their twins that never do: that block is no
     * hand edit to confirm, and the next apply adds the twins.
     */
    @Test
    void anEarlierVersionsTransportsAreNoHandEdit() throws Exception {
        InMemoryDesiredState s = state("192.0.2.10").domain("anon.example", relay("192.0.2.20", 25, Encryption.NONE, null, null));
        backend.apply(s, ChangeSet.everything());
        Path masterCf = dir.resolve("master.cf");
        String now = Files.readString(masterCf);
        int from = now.indexOf("smarthost-plain-nologin unix");
        assertTrue(from > 0, now);
        int to = now.indexOf("smtp_sasl_auth_enable=no\n", now.indexOf("smarthost-tls-verify-nologin unix")) + "smtp_sasl_auth_enable=no\n".length();
        Files.writeString(masterCf, now.substring(0, from) + now.substring(to));

        assertFalse(backend.preview(s).takesOverManual(), backend.preview(s).drift().toString());
        assertTrue(backend.inspect().drift().isEmpty(), backend.inspect().drift().toString());
        backend.apply(s, ChangeSet.domains(Set.of("anon.example")));
        assertEquals(now, Files.readString(masterCf), "the twins are back");
        assertTrue(Files.readString(dir.resolve("smarthost/sender_transport"))
                .contains("@anon.example smarthost-plain-nologin:[192.0.2.20]:25\n"));
    }
}
