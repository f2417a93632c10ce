package io.smarthost.postfix.inspect;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.Verification;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.postfix.LocalCommandRunner;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.PostfixSettings;
import io.smarthost.postfix.testing.PostfixInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-check against a real Postfix configuration folder: after an apply everything agrees; a
 * text map ahead of its index, a hand edit of main.cf, a missing index and an interrupted apply are
 * each named, secrets never; and the next apply after an interruption heals the index.
 */
class VerifierTest {

    @TempDir
    Path base;
    Path dir;
    PostfixMailBackend backend;

    @BeforeEach
    void setUp() throws IOException {
        dir = PostfixInstance.create(base).configDir();
        backend = new PostfixMailBackend(PostfixSettings.of(dir, new LocalCommandRunner()));
    }

    static InMemoryDesiredState state(String secondPassword) {
        return new InMemoryDesiredState()
                .server(relay("192.0.2.1", 587, Encryption.STARTTLS, "server", "pw-server"))
                .domain("a.example", relay("192.0.2.10", 587, Encryption.STARTTLS, "ua", "pw-a"))
                .domain("b.example", relay("192.0.2.11", 465, Encryption.TLS, "ub", secondPassword));
    }

    private Verification verify(InMemoryDesiredState desired) throws Exception {
        Verification v = backend.verify(desired);
        for (Verification.Disagreement d : v.disagreements()) {
            String all = d.where() + " " + d.what();
            assertFalse(all.contains("pw-"), "no secret in " + all);
        }
        return v;
    }

    private static List<String> codes(Verification v) {
        return v.disagreements().stream().map(Verification.Disagreement::code).toList();
    }

    @Test
    void afterAnApplyTheStoreAndEveryFileAgree() throws Exception {
        backend.apply(state("pw-b"), ChangeSet.everything());
        Verification v = verify(state("pw-b"));
        assertTrue(v.agrees(), v.disagreements().toString());
        assertEquals(8, v.checked().size(), "main.cf, master.cf, 3 maps, 3 indexes: " + v.checked());
    }

    /** What a kill -9 during "postmap -i" left: the text map new, its .db old. */
    @Test
    void aTextMapAheadOfItsIndexIsNamedWithoutTheSecret() throws Exception {
        backend.apply(state("pw-b"), ChangeSet.everything());
        Path sasl = dir.resolve("smarthost/sasl_passwd");
        String text = Files.readString(sasl, StandardCharsets.UTF_8).replace("ub:pw-b", "ub:pw-b2");
        Files.writeString(sasl, text, StandardCharsets.UTF_8);
        Verification v = verify(state("pw-b2"));
        assertEquals(List.of("db"), codes(v), v.disagreements().toString());
        assertEquals("sasl_passwd.db @b.example", v.disagreements().get(0).where());
        assertTrue(v.disagreements().get(0).what().contains("differs"));
    }

    @Test
    void aHandEditOfAManagedParameterIsNamedWithItsLine() throws Exception {
        backend.apply(state("pw-b"), ChangeSet.everything());
        Path mainCf = dir.resolve("main.cf");
        Files.writeString(mainCf, Files.readString(mainCf).replace("relayhost = [192.0.2.1]:587",
                "relayhost = [192.0.2.99]:25"));
        Verification v = verify(state("pw-b"));
        assertEquals(List.of("main.cf"), codes(v), v.disagreements().toString());
        assertTrue(v.disagreements().get(0).where().startsWith("main.cf:"));
        assertTrue(v.disagreements().get(0).what().contains("[192.0.2.99]:25"));
    }

    @Test
    void aMissingIndexAndAStaleStoreAreNamed() throws Exception {
        backend.apply(state("pw-b"), ChangeSet.everything());
        Files.delete(dir.resolve("smarthost/sender_relay.db"));
        InMemoryDesiredState more = state("pw-b").domain("c.example", relay("192.0.2.12", 587, Encryption.STARTTLS, null, null));
        Verification v = verify(more);
        assertTrue(codes(v).contains("db"), v.disagreements().toString());
        assertTrue(v.disagreements().stream().anyMatch(d -> d.where().equals("sender_relay @c.example")),
                v.disagreements().toString());
    }

    /**
     * A key a hand added again after the panel's line: Postfix keeps the first, so the lookups agree, but the file
     * says two things (before, the second line was not reported at all). A full apply writes it once.
     */
    @Test
    void aKeyWrittenTwiceByHandIsNamedWithBothLines() throws Exception {
        backend.apply(state("pw-b"), ChangeSet.everything());
        Path relays = dir.resolve("smarthost/sender_relay");
        String text = Files.readString(relays);
        Files.writeString(relays, text + "@A.example\t[hand.example]:25\n");
        int first = text.lines().toList().indexOf(text.lines().filter(l -> l.startsWith("@a.example ")).findFirst()
                .orElseThrow()) + 1;
        int second = (int) text.lines().count() + 1;
        Verification v = verify(state("pw-b"));
        assertEquals(List.of("map"), codes(v), v.disagreements().toString());
        assertEquals("sender_relay @a.example (lines " + first + ", " + second + ")", v.disagreements().get(0).where());
        assertTrue(v.disagreements().get(0).what().contains("Postfix uses the first"), v.disagreements().toString());

        backend.apply(state("pw-b"), ChangeSet.everything());
        assertTrue(verify(state("pw-b")).agrees());
    }

    /**
     * The admin's own relayhost, given back when the panel's relays went off (a hostile tester: the self-check then
     * stayed red for good over a line the panel itself had restored, and Repair could not clear it).
     */
    @Test
    void aRelayhostWrittenByHandIsTheAdminsOwnWhenThePanelWritesNone() throws Exception {
        Path mainCf = dir.resolve("main.cf");
        Files.writeString(mainCf, Files.readString(mainCf) + "relayhost = [hand.example]:25\nsmtp_sasl_auth_enable = no\n");
        backend.apply(state("pw-b"), ChangeSet.everything());
        assertTrue(Files.readString(mainCf).contains("#smarthost-saved: relayhost = [hand.example]:25"), "taken over");
        backend.apply(new InMemoryDesiredState(), ChangeSet.everything());
        assertTrue(Files.readString(mainCf).contains("\nrelayhost = [hand.example]:25\n"), "given back");
        Verification off = verify(new InMemoryDesiredState());
        assertTrue(off.agrees(), off.disagreements().toString());

        // domain relays only: the panel writes no relayhost, and the admin's stays theirs
        InMemoryDesiredState domainsOnly = new InMemoryDesiredState()
                .domain("a.example", relay("192.0.2.10", 587, Encryption.STARTTLS, "ua", "pw-a"));
        backend.apply(domainsOnly, ChangeSet.everything());
        Verification on = verify(domainsOnly);
        assertTrue(on.agrees(), on.disagreements().toString());

        // a line the panel wrote and left behind is still named
        Files.writeString(mainCf, Files.readString(mainCf).replace("\nrelayhost = [hand.example]:25\n", "\n"));
        backend.apply(state("pw-b"), ChangeSet.everything());
        String ours = Files.readString(mainCf);
        backend.apply(new InMemoryDesiredState(), ChangeSet.everything());
        Files.writeString(mainCf, ours);
        assertTrue(codes(verify(new InMemoryDesiredState())).contains("main.cf"));
    }

    /** Regression: the same command run again answered "unchanged" and never rebuilt the stale index. */
    @Test
    void theNextApplyAfterAnInterruptionRebuildsEveryIndex() throws Exception {
        backend.apply(state("pw-b"), ChangeSet.everything());
        Path sasl = dir.resolve("smarthost/sasl_passwd");
        Files.writeString(sasl, Files.readString(sasl).replace("ub:pw-b", "ub:pw-b2"));
        Files.writeString(dir.resolve("smarthost/.pending"), "2026-12-05T08:00:00Z pid 1: editing [sasl_passwd] in place\n");
        Verification interrupted = verify(state("pw-b2"));
        assertTrue(codes(interrupted).containsAll(List.of("interrupted", "db")), interrupted.disagreements().toString());

        backend.apply(state("pw-b2"), ChangeSet.domains(Set.of("b.example")));
        assertFalse(Files.exists(dir.resolve("smarthost/.pending")));
        Verification healed = verify(state("pw-b2"));
        assertTrue(healed.agrees(), healed.disagreements().toString());
    }

    /** Regression: Debian's main.cf has "relayhost =" (empty: Postfix's default), reported as a relay set by hand. */
    @Test
    void anEmptyRelayhostIsNoRelay() throws Exception {
        Path mainCf = dir.resolve("main.cf");
        Files.writeString(mainCf, Files.readString(mainCf) + "relayhost =\n");
        assertTrue(verify(new InMemoryDesiredState()).agrees());
    }

    @Test
    void relaysTurnedOffButLeftInMainCfAreNamed() throws Exception {
        backend.apply(state("pw-b"), ChangeSet.everything());
        Verification v = verify(new InMemoryDesiredState());
        assertTrue(codes(v).contains("main.cf"), v.disagreements().toString());
        assertTrue(v.disagreements().stream().anyMatch(d -> d.what().contains("no relay on")));
        backend.apply(new InMemoryDesiredState(), ChangeSet.everything());
        assertTrue(verify(new InMemoryDesiredState()).agrees());
    }
}
