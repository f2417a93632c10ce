package io.smarthost.postfix.inspect;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.backend.Preview.Action;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.testing.PostfixInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview of a removal (or a disable) lists what it deletes: a hostile tester's removal of example.com with a
 * hand edit in place showed every row KEEP, and none of the @example.com / @example.info entries it removed; a
 * master.cf block edited by hand read "KEEP" beside the drift that rewrites it.
 */
class RemovalPreviewTest {

    @TempDir
    Path base;
    PostfixMailBackend backend;
    Path mainCf;
    Path masterCf;

    @BeforeEach
    void setUp() throws Exception {
        PostfixInstance postfix = PostfixInstance.create(base);
        mainCf = postfix.configDir().resolve("main.cf");
        masterCf = postfix.configDir().resolve("master.cf");
        backend = new PostfixMailBackend(postfix.settings());
    }

    private static InMemoryDesiredState withDomain() {
        return new InMemoryDesiredState()
                .domain("example.com", relay("192.0.2.26", 587, Encryption.STARTTLS, "ex-login", "ex-secret"))
                .domain("example.info", relay("192.0.2.26", 587, Encryption.STARTTLS, "ex-login", "ex-secret"))
                .domain("other.example", relay("192.0.2.27", 587, Encryption.STARTTLS, null, null));
    }

    private static boolean has(Preview p, String setting, String current, Action action) {
        return p.lines().stream().anyMatch(l -> l.setting().equals(setting) && l.current().equals(current)
                && l.proposed().isEmpty() && l.action() == action);
    }

    @Test
    void aDomainRemovalListsTheEntriesItDeletesBesideAHandEdit() throws Exception {
        backend.apply(withDomain(), ChangeSet.everything());
        Files.writeString(mainCf, Files.readString(mainCf) + "smtp_sasl_security_options = noanonymous, noplaintext\n");

        InMemoryDesiredState after = withDomain().domain("example.com", null).domain("example.info", null);
        Preview p = backend.preview(after, ChangeSet.domains(Set.of("example.com", "example.info")));

        assertTrue(p.takesOverManual(), p.toString());
        for (String key : new String[] {"@example.com", "@example.info"}) {
            assertTrue(has(p, "sasl_passwd: " + key, "ex-login:******", Action.REMOVE), p.lines().toString());
            assertTrue(has(p, "sender_relay: " + key, "[192.0.2.26]:587", Action.REMOVE), p.lines().toString());
        }
        assertTrue(p.lines().stream().anyMatch(l -> l.setting().equals("sender_relay: @other.example")
                && l.action() == Action.KEEP), "the domain that stays: " + p.lines());
        assertFalse(p.lines().toString().contains("ex-secret"));
    }

    @Test
    void aSenderRemovalListsTheSendersEntries() throws Exception {
        InMemoryDesiredState before = withDomain().sender("carol@example.com",
                relay("192.0.2.30", 587, Encryption.STARTTLS, "carol-login", "carol-secret"));
        backend.apply(before, ChangeSet.everything());
        Files.writeString(mainCf, Files.readString(mainCf) + "smtp_sasl_security_options = noanonymous, noplaintext\n");

        Preview p = backend.preview(withDomain(), ChangeSet.domains(Set.of("carol@example.com")));

        assertTrue(has(p, "sasl_passwd: carol@example.com", "carol-login:******", Action.REMOVE), p.lines().toString());
        assertTrue(has(p, "sender_relay: carol@example.com", "[192.0.2.30]:587", Action.REMOVE), p.lines().toString());
        assertTrue(p.lines().stream().noneMatch(l -> l.setting().endsWith(": @example.com") && l.action() == Action.REMOVE),
                "the domain's own entries stay: " + p.lines());
    }

    @Test
    void aSaveListsNoRemovalOfKeysItDoesNotConcern() throws Exception {
        backend.apply(withDomain(), ChangeSet.everything());
        Preview p = backend.preview(withDomain().domain("other.example", null), ChangeSet.domains(Set.of("other.example")));
        assertTrue(has(p, "sender_relay: @other.example", "[192.0.2.27]:587", Action.REMOVE), p.lines().toString());
        assertTrue(has(p, "sender_transport: @other.example", "smarthost-starttls-nologin:[192.0.2.27]:587", Action.REMOVE),
                p.lines().toString());
        assertEquals(2, p.lines().stream().filter(l -> l.action() == Action.REMOVE).count(),
                "the other domains' entries are kept: " + p.lines());
    }

    @Test
    void aMasterCfBlockEditedByHandIsNotKept() throws Exception {
        backend.apply(withDomain(), ChangeSet.everything());
        String master = Files.readString(masterCf);
        int at = master.indexOf("\nsmarthost-plain-nologin ");
        assertTrue(at >= 0, master);
        int end = master.indexOf('\n', at + 1);
        Files.writeString(masterCf, master.substring(0, end + 1) + "  -o smtp_helo_timeout=60s\n"
                + master.substring(end + 1));

        Preview p = backend.preview(withDomain().domain("example.com", null).domain("example.info", null),
                ChangeSet.domains(Set.of("example.com", "example.info")));

        assertTrue(p.drift().stream().anyMatch(d -> d.setting().equals("master.cf: smarthost-plain-nologin")), p.toString());
        Preview.Line block = p.lines().stream().filter(l -> l.setting().equals("master.cf: smarthost transports"))
                .findFirst().orElseThrow();
        assertEquals(Action.TAKE_OVER, block.action(), p.lines().toString());
    }

    @Test
    void aSummarisedRemovalThatEmptiesATableSaysRemove() throws Exception {
        InMemoryDesiredState before = new InMemoryDesiredState();
        for (int i = 0; i < Inspector.DETAIL_LIMIT + 1; i++) {
            before.domain("d" + i + ".example", relay("192.0.2.27", 587, Encryption.STARTTLS, null, null));
        }
        before.domain("example.com", relay("192.0.2.26", 587, Encryption.STARTTLS, "ex-login", "ex-secret"));
        backend.apply(before, ChangeSet.everything());

        Preview p = backend.preview(before.domain("example.com", null), ChangeSet.domains(Set.of("example.com")));

        assertTrue(p.lines().contains(new Preview.Line("sasl_passwd", "1 entry", "0 entries", Action.REMOVE)),
                p.lines().toString());
        assertTrue(p.lines().contains(new Preview.Line("sender_relay", (Inspector.DETAIL_LIMIT + 2) + " entries",
                (Inspector.DETAIL_LIMIT + 1) + " entries", Action.CHANGE)), p.lines().toString());
    }
}
