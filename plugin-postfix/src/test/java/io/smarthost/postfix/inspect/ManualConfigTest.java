package io.smarthost.postfix.inspect;

import static io.smarthost.postfix.testing.SimpleDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.relay.Encryption;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.render.RelayRendering;
import io.smarthost.postfix.testing.PostfixInstance;
import io.smarthost.postfix.testing.Resources;
import io.smarthost.postfix.testing.SimpleDesiredState;
import io.smarthost.postfix.testing.UnmanagedLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relay set up by hand: found, shown beside ours, taken over, and every other line kept. */
class ManualConfigTest {

    @TempDir
    Path base;
    Path mainCf;
    String original;
    PostfixMailBackend backend;

    @BeforeEach
    void setUp() throws Exception {
        PostfixInstance postfix = PostfixInstance.create(base);
        mainCf = postfix.configDir().resolve("main.cf");
        // the sandbox essentials plus a hand-made relay setup with comments
        original = Files.readString(mainCf) + Resources.sample("hand-relay.main.cf")
                .replace("compatibility_level = 3.6\n", "").replace("inet_interfaces = all\n", "")
                .replace("mydestination = $myhostname, localhost\n", "").replace("myhostname = host.example.com\n", "");
        Files.writeString(mainCf, original);
        backend = new PostfixMailBackend(postfix.settings());
    }

    static List<String> unmanagedLines(String text) {
        return UnmanagedLines.of(text);
    }

    static SimpleDesiredState ours() {
        return new SimpleDesiredState()
                .server(relay("192.0.2.25", 587, Encryption.STARTTLS, "panel-login", "panel-secret"))
                .domain("a.example", relay("192.0.2.26", 465, Encryption.TLS, "a-login", "a-secret"));
    }

    @Test
    void inspectFindsTheHandWrittenRelay() throws Exception {
        Inspection i = backend.inspect();
        assertTrue(i.manualRelay());
        assertTrue(i.settings().contains(new Inspection.Setting("relayhost", "[smtp.provider.example]:587",
                "main.cf:" + lineOf("relayhost ="), true)), i.settings().toString());
        assertTrue(i.settings().stream().anyMatch(s -> s.name().equals("smtp_tls_security_level") && !s.managed()));
    }

    @Test
    void previewShowsTheHandWrittenValuesBesideOursWithoutSecrets() throws Exception {
        Preview p = backend.preview(ours());
        assertTrue(p.takesOverManual());
        assertTrue(p.lines().contains(new Preview.Line("relayhost", "[smtp.provider.example]:587", "[192.0.2.25]:587",
                Preview.Action.TAKE_OVER)), p.lines().toString());
        assertTrue(p.lines().stream().anyMatch(l -> l.setting().equals("default_transport") && l.action() == Preview.Action.ADD));
        assertTrue(p.lines().contains(new Preview.Line("sasl_passwd: @a.example", "", "a-login:******", Preview.Action.ADD)));
        assertFalse(p.lines().toString().contains("secret"));
    }

    @Test
    void enableThenDisableKeepsEveryUnmanagedLineByteForByte() throws Exception {
        List<String> before = unmanagedLines(original);
        backend.apply(ours(), ChangeSet.everything());
        String enabled = Files.readString(mainCf);
        assertEquals(before, unmanagedLines(enabled));
        MainCf cf = MainCf.parse(enabled);
        assertEquals("[192.0.2.25]:587", cf.get("relayhost").orElseThrow());
        assertTrue(cf.duplicates().isEmpty());
        assertFalse(backend.inspect().manualRelay(), "after the apply the relay settings are ours");
        assertFalse(backend.preview(ours()).takesOverManual());

        assertEquals("hash:/etc/postfix/sasl_passwd", String.join("", cf.savedValues("smtp_sasl_password_maps")),
                "the hand-written value is kept beside ours");

        backend.apply(new SimpleDesiredState(), ChangeSet.everything());
        String disabled = Files.readString(mainCf);
        assertEquals(before, unmanagedLines(disabled));
        assertEquals(original, disabled, "turning the relay off gives back every hand-written setting as it was");
    }

    @Test
    void duplicatesOfManagedParametersAreReportedAndResolved() throws Exception {
        Files.writeString(mainCf, original + "relayhost = [dup.example]:25\n");
        assertTrue(backend.inspect().problems().stream().anyMatch(p -> p.startsWith("main.cf sets relayhost 2 times")));
        var report = backend.apply(ours(), ChangeSet.everything());
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains("relayhost 2 times")), report.warnings().toString());
        assertEquals(1, MainCf.parse(Files.readString(mainCf)).parameters().stream().filter(p -> p.name().equals("relayhost")).count());
        assertTrue(backend.inspect().problems().stream().noneMatch(p -> p.contains("relayhost")));
    }

    @Test
    void driftByHandIsDetected() throws Exception {
        backend.apply(ours(), ChangeSet.everything());
        Files.writeString(mainCf, Files.readString(mainCf).replace("relayhost = [192.0.2.25]:587", "relayhost = [evil.example]:25"));
        assertTrue(backend.inspect().problems().stream().anyMatch(p -> p.contains("relayhost was changed by hand")));
        backend.apply(ours(), ChangeSet.everything());
        assertEquals("[192.0.2.25]:587", MainCf.parse(Files.readString(mainCf)).get("relayhost").orElseThrow());
        assertFalse(backend.inspect().problems().stream().anyMatch(p -> p.contains("changed by hand")));
    }

    private int lineOf(String prefix) {
        List<String> lines = original.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError(prefix);
    }

}
