package io.smarthost.postfix.inspect;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.Inspection;
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
 * The question every change asks first (would it write over something done by hand?) answered from the last look
 * while main.cf, master.cf and the record of the last apply are unchanged (size, times, inode; a hand edit in place
 * of the same size moves the change time), and always as a full inspection answers.
 */
class MayTakeOverTest {

    @TempDir
    Path base;
    PostfixMailBackend backend;
    Path mainCf;

    @BeforeEach
    void setUp() throws Exception {
        PostfixInstance postfix = PostfixInstance.create(base);
        mainCf = postfix.configDir().resolve("main.cf");
        backend = new PostfixMailBackend(postfix.settings());
    }

    private boolean asks() throws Exception {
        boolean quick = backend.mayTakeOver();
        Inspection full = backend.inspect();
        assertEquals(full.manualRelay() || !full.drift().isEmpty(), quick, "as the full inspection: " + full);
        return quick;
    }

    @Test
    void aHandEditIsSeenAtOnceAlsoWhenItKeepsTheSize() throws Exception {
        InMemoryDesiredState s = new InMemoryDesiredState()
                .server(relay("192.0.2.25", 587, Encryption.STARTTLS, "login", "secret"))
                .domain("a.example", relay("192.0.2.26", 465, Encryption.TLS, "a", "a-secret"));
        assertFalse(asks(), "nothing there yet");
        backend.apply(s, ChangeSet.everything());
        assertFalse(asks(), "files changed less than 2 s ago: looked at, the look not kept");
        Thread.sleep(2_100);
        assertFalse(asks());
        assertFalse(asks(), "the same files: the same answer, from the look kept");

        String ours = Files.readString(mainCf);
        assertTrue(ours.contains("relayhost = [192.0.2.25]:587"), ours);
        // the relay changed by hand to another of the same length, in place (the same inode and size)
        Files.writeString(mainCf, ours.replace("relayhost = [192.0.2.25]:587", "relayhost = [192.0.2.99]:587"));
        assertTrue(asks(), "drift after a hand edit");

        Files.writeString(mainCf, ours);
        assertFalse(asks(), "put back");

        // a change of the panel's own (the record of the last apply changes too)
        s.domain("b.example", relay("192.0.2.27", 587, Encryption.STARTTLS, "b", "b-secret"));
        backend.apply(s, ChangeSet.domains(Set.of("b.example")));
        assertFalse(asks());
        Files.writeString(mainCf, Files.readString(mainCf) + "relayhost = smtp.hand.example:25\n");
        assertTrue(asks(), "a relay set up by hand after the panel's block");
    }
}
