package io.smarthost.postfix.inspect;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.DetectedRelay;
import io.smarthost.core.backend.Drift;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.render.RelayRendering;
import io.smarthost.postfix.testing.PostfixInstance;
import io.smarthost.postfix.testing.Resources;
import io.smarthost.postfix.testing.UnmanagedLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    static InMemoryDesiredState ours() {
        return new InMemoryDesiredState()
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
        assertEquals(Optional.of(new DetectedRelay("[smtp.provider.example]", 587, Encryption.STARTTLS, false, true, "")),
                i.detectedRelay(), "no readable password table: the user name is left for the admin");
        assertTrue(i.problems().stream().noneMatch(p -> p.contains("by hand")), "no apply yet: a take-over, not drift");
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

    static InMemoryDesiredState many(int domains, String lastRelay) {
        InMemoryDesiredState state = new InMemoryDesiredState()
                .server(relay("192.0.2.25", 587, Encryption.STARTTLS, "panel-login", "panel-secret"));
        for (int i = 0; i < domains - 1; i++) {
            state.domain(String.format("d%04d.example", i), relay("192.0.2.26", 465, Encryption.TLS, "a-login", "a-secret"));
        }
        return state.domain("zz.example", relay(lastRelay, 465, Encryption.TLS, "a-login", "a-secret"));
    }

    private static Preview.Line line(Preview p, String setting) {
        return p.lines().stream().filter(l -> l.setting().equals(setting)).findFirst().orElseThrow(() ->
                new AssertionError(setting + " not in " + p.lines()));
    }

    /**
     * Past the domains listed one by one, each table is one line that says whether it changes (before: "changed",
     * three times, for a take-over of a hand-edited relayhost that left every table as it was).
     */
    @Test
    void aPreviewOfManyDomainsSaysWhichTablesChange() throws Exception {
        int n = Inspector.DETAIL_LIMIT + 50;
        backend.apply(many(n, "192.0.2.26"), ChangeSet.everything());
        Files.writeString(mainCf, Files.readString(mainCf).replace("relayhost = [192.0.2.25]:587",
                "relayhost = [hand.example]:25"));

        Preview same = backend.preview(many(n, "192.0.2.26"));
        assertTrue(same.takesOverManual(), "the hand-edited relayhost");
        assertEquals(new Preview.Line("sender_relay", n + " entries", n + " entries", Preview.Action.KEEP),
                line(same, "sender_relay"));
        assertEquals(Preview.Action.KEEP, line(same, "sender_transport").action());
        assertEquals(new Preview.Line("sasl_passwd", (n + 1) + " entries", (n + 1) + " entries", Preview.Action.KEEP),
                line(same, "sasl_passwd"), "the server's login and the domains'");

        Preview oneMoved = backend.preview(many(n, "192.0.2.27"));
        assertEquals(new Preview.Line("sender_relay", n + " entries", n + " entries, some of them different",
                Preview.Action.CHANGE), line(oneMoved, "sender_relay"));
        assertEquals(Preview.Action.KEEP, line(oneMoved, "sasl_passwd").action(), "the same logins");

        Preview oneMore = backend.preview(many(n + 1, "192.0.2.26"));
        assertEquals(new Preview.Line("sender_transport", n + " entries", (n + 1) + " entries", Preview.Action.CHANGE),
                line(oneMore, "sender_transport"));

        // a key added by hand after the panel's line: Postfix keeps the first, a rewrite drops the second
        Path relays = mainCf.resolveSibling("smarthost").resolve("sender_relay");
        Files.writeString(relays, Files.readString(relays) + "@zz.example [hand.example]:25\n");
        assertEquals(new Preview.Line("sender_relay", (n + 1) + " entries", n + " entries", Preview.Action.CHANGE),
                line(backend.preview(many(n, "192.0.2.26")), "sender_relay"));
        assertFalse(same.lines().toString().contains("secret"));
    }

    /** A transport_maps set by hand routes the mail it matches around the panel's relays: inspect says so, kept as it is. */
    @Test
    void aTransportMapSetByHandIsNamedAsRoutingAroundTheRelays() throws Exception {
        Files.writeString(mainCf, original + "transport_maps = inline:{ remote.example=smtp:[127.0.0.1]:8795 }\n");
        backend.apply(ours(), ChangeSet.everything());
        List<String> problems = backend.inspect().problems();
        assertTrue(problems.stream().anyMatch(p -> p.contains(": transport_maps is set by hand (inline:{******})")
                && p.contains("before the panel's relays")), problems.toString());
        assertTrue(Files.readString(mainCf).contains("transport_maps = inline:{ remote.example=smtp:[127.0.0.1]:8795 }\n"));
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

        backend.apply(new InMemoryDesiredState(), ChangeSet.everything());
        String disabled = Files.readString(mainCf);
        assertEquals(before, unmanagedLines(disabled));
        assertEquals(original, disabled, "turning the relay off gives back every hand-written setting as it was");
    }

    @Test
    void duplicatesOfManagedParametersAreReportedAndResolved() throws Exception {
        Files.writeString(mainCf, original + "relayhost = [dup.example]:25\n");
        assertTrue(backend.inspect().problems().stream().anyMatch(p -> p.startsWith("main.cf sets relayhost 2 times")));
        var report = backend.apply(ours(), ChangeSet.everything());
        assertTrue(report.warningTexts().stream().anyMatch(w -> w.contains("relayhost 2 times")), report.warnings().toString());
        assertEquals(1, MainCf.parse(Files.readString(mainCf)).parameters().stream().filter(p -> p.name().equals("relayhost")).count());
        assertTrue(backend.inspect().problems().stream().noneMatch(p -> p.contains("relayhost")));
    }

    @Test
    void handWrittenDuplicatesComeBackAsTheOnePostfixUsedSoTurningOffPassesValidation() throws Exception {
        String withDuplicate = original + "relayhost = [dup.example]:25\n";
        Files.writeString(mainCf, withDuplicate);
        backend.apply(ours(), ChangeSet.everything());
        backend.apply(new InMemoryDesiredState(), ChangeSet.everything()); // postconf would refuse a duplicate relayhost
        String disabled = Files.readString(mainCf);
        assertEquals(withDuplicate.replace("relayhost = [smtp.provider.example]:587\n", ""), disabled);
        assertEquals(UnmanagedLines.of(withDuplicate), UnmanagedLines.of(disabled));
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

    @Test
    void eachHandEditSinceTheLastApplyIsDriftWithItsLineTheHandValueAndWhatWillBeWritten() throws Exception {
        backend.apply(ours(), ChangeSet.everything());
        for (String hand : List.of("[evil.example]:25", "[again.example]:2525")) {
            String text = Files.readString(mainCf);
            String ourLine = MainCf.parse(text).lines().stream().filter(l -> l.text().startsWith("relayhost = "))
                    .findFirst().orElseThrow().text();
            Files.writeString(mainCf, text.replace(ourLine, "relayhost = " + hand));
            int line = lineIn(Files.readString(mainCf), "relayhost = " + hand);
            Drift expected = new Drift("relayhost", "main.cf:" + line, hand, "[192.0.2.25]:587", "[192.0.2.25]:587");
            assertEquals(List.of(expected), backend.inspect().drift());
            Preview preview = backend.preview(ours());
            assertEquals(List.of(expected), preview.drift());
            assertTrue(preview.takesOverManual(), "writing over it needs the confirmation, each time");
            backend.apply(ours(), ChangeSet.everything());
            assertEquals(List.of(), backend.inspect().drift(), "once applied, what the panel wrote is the baseline");
            assertFalse(backend.preview(ours()).takesOverManual());
        }
    }

    @Test
    void removedByHandIsDriftAndSetByHandWhileTheServerRelayWasOffIsARelaySetByHand() throws Exception {
        InMemoryDesiredState domainsOnly = new InMemoryDesiredState()
                .domain("a.example", relay("192.0.2.26", 465, Encryption.TLS, "a-login", "a-secret"));
        backend.apply(domainsOnly, ChangeSet.everything());
        String text = Files.readString(mainCf);
        String withoutAuth = text.replace("smtp_sasl_auth_enable = yes\n", "");
        Files.writeString(mainCf, withoutAuth + "relayhost = [later.example]:25\n");
        Inspection now = backend.inspect();
        List<Drift> drift = now.drift();
        assertTrue(drift.contains(new Drift("smtp_sasl_auth_enable", "main.cf", "", "yes", "yes")), drift.toString());
        // the panel did not write relayhost and its next domain change keeps the line: the admin's own relay, not a
        // drift to announce (the pages listed it as one a save would write over), still a relay set by hand
        assertTrue(drift.stream().noneMatch(d -> d.setting().equals("relayhost")), drift.toString());
        assertTrue(now.manualRelay());
        assertTrue(backend.mayTakeOver(), "a change still looks before writing");

        Preview domainChange = backend.preview(domainsOnly);
        assertEquals(List.of("smtp_sasl_auth_enable"), domainChange.drift().stream().map(Drift::setting).toList(),
                "a domain change puts the removed line back but leaves the hand-written relayhost alone");
        Preview serverOn = backend.preview(ours());
        assertEquals(List.of("relayhost", "smtp_sasl_auth_enable"), serverOn.drift().stream().map(Drift::setting).toList());
        assertTrue(serverOn.takesOverManual());
    }

    @Test
    void aSmarthostTransportEditedByHandInMasterCfIsDrift() throws Exception {
        backend.apply(ours(), ChangeSet.everything());
        Path masterCf = mainCf.resolveSibling("master.cf");
        Files.writeString(masterCf, Files.readString(masterCf).replace("smarthost-tls unix - - n - - smtp\n  -o smtp_tls_wrappermode=yes",
                "smarthost-tls unix - - n - - smtp\n  -o smtp_tls_wrappermode=no"));
        List<Drift> drift = backend.inspect().drift();
        assertEquals(List.of("master.cf: smarthost-tls"), drift.stream().map(Drift::setting).toList());
        assertTrue(drift.get(0).handValue().contains("smtp_tls_wrappermode=no"), drift.toString());
        assertTrue(drift.get(0).location().startsWith("master.cf:"), drift.toString());
        assertTrue(backend.preview(ours()).takesOverManual());
    }

    /**
     * Regression: "After take-over, disable, a hand edit of relayhost, and re-enable: the hand-written relay was
     * replaced with no preview and no confirmation, and a hand-written smtp_sasl_password_maps was removed."
     */
    @Test
    void takeOverDisableHandEditEnableAsksBeforeReplacingTheRelayAndKeepsTheHandWrittenSaslPasswordMaps() throws Exception {
        assertTrue(backend.preview(ours()).takesOverManual(), "the first take-over asks");
        backend.apply(ours(), ChangeSet.everything());
        backend.apply(new InMemoryDesiredState(), ChangeSet.everything());
        assertEquals(original, Files.readString(mainCf), "disable: the hand-written relay and its password table are back");

        String handEdited = original.replace("relayhost = [smtp.provider.example]:587", "relayhost = [hand2.example]:2525");
        Files.writeString(mainCf, handEdited);
        Preview preview = backend.preview(ours());
        assertTrue(preview.takesOverManual(), "the hand edit after the disable needs a new confirmation");
        assertTrue(preview.drift().contains(new Drift("relayhost", "main.cf:" + lineIn(handEdited, "relayhost = [hand2"),
                "[hand2.example]:2525", "", "[192.0.2.25]:587")), preview.drift().toString());
        assertTrue(preview.drift().stream().anyMatch(d -> d.setting().equals("smtp_sasl_password_maps")
                && d.handValue().equals("hash:/etc/postfix/sasl_passwd")), preview.drift().toString());

        backend.apply(ours(), ChangeSet.everything());
        assertEquals(UnmanagedLines.of(original), UnmanagedLines.of(Files.readString(mainCf)));
        backend.apply(new InMemoryDesiredState(), ChangeSet.everything());
        assertEquals(handEdited, Files.readString(mainCf), "the hand edit and smtp_sasl_password_maps come back");
    }

    @Test
    void aHandMadeRelayIsReadAsFormFieldsWithTheLoginNameButNeverThePassword() throws Exception {
        Path table = mainCf.resolveSibling("hand_passwd");
        Files.writeString(table, "# logins\nother.example:25 x:y\n[smtp.example.net]:587 hand-user:hand-Secret-9\n");
        Files.writeString(mainCf, Files.readString(mainCf).replace("relayhost = [smtp.provider.example]:587",
                "relayhost = [smtp.example.net]:587").replace("smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd",
                "smtp_sasl_password_maps = hash:$config_directory/hand_passwd"));
        Inspection inspection = backend.inspect();
        assertEquals(Optional.of(new DetectedRelay("[smtp.example.net]", 587, Encryption.STARTTLS, false, true, "hand-user")),
                inspection.detectedRelay());
        assertFalse(inspection.toString().contains("hand-Secret-9"));

        backend.apply(ours(), ChangeSet.everything());
        assertEquals(Optional.empty(), backend.inspect().detectedRelay(), "our own relay is not offered back");
    }

    private static int lineIn(String text, String prefix) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError(prefix);
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
