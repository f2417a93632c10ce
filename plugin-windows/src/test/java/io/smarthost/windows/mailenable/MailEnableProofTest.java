package io.smarthost.windows.mailenable;

import static io.smarthost.core.testing.InMemoryDesiredState.namedRelay;
import static io.smarthost.windows.mailenable.MailEnableValueNames.SMTP_KEY_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.backend.Probe;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.windows.LockHolder;
import io.smarthost.windows.PleskPresence;
import io.smarthost.windows.StateFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write proven and no blind value names (issue 18), on an in-memory registry shaped as the real one may
 * be: "Smart Host ..." or one-word "SmartHost ..." names, none of them, both, another type; a connector that
 * does not come back or rewrites its values when it starts; Plesk beside it; a second writer.
 */
class MailEnableProofTest {

    @TempDir
    Path dir;
    MemoryRegistry registry;
    MailEnableBackendTest.FakeServices services;
    MailEnableBackend backend;

    @BeforeEach
    void setUp() {
        registry = new MemoryRegistry().withKey(SMTP_KEY_64);
        registry.keys.get(SMTP_KEY_64).put("Host Name", RegistryValue.text("mail.example.net"));
        services = new MailEnableBackendTest.FakeServices();
        backend = new MailEnableBackend(() -> true, registry, services, new StateFile(dir.resolve("state.json")));
    }

    Map<String, RegistryValue> values() {
        return registry.keys.get(SMTP_KEY_64);
    }

    static InMemoryDesiredState sendgrid() {
        return new InMemoryDesiredState().server(namedRelay("smtp.sendgrid.net", 587, Encryption.NONE, "apikey",
                "SG.secret"));
    }

    @Test
    void oneWordNamesAreFoundAndWrittenUnderTheirOwnSpelling() throws Exception {
        registry.withSmartHostDefaults(SMTP_KEY_64, "SmartHost");

        backend.apply(sendgrid(), ChangeSet.everything());

        assertEquals(RegistryValue.dword(1), values().get("Use SmartHost"));
        assertEquals(RegistryValue.text("smtp.sendgrid.net"), values().get("SmartHost"));
        assertEquals(RegistryValue.dword(587), values().get("SmartHost Port"));
        assertEquals("SG.secret", values().get("SmartHost Password").data());
        assertFalse(values().keySet().stream().anyMatch(n -> n.startsWith("Smart Host") || n.startsWith("Use Smart Host")),
                "no name MailEnable does not have was created: " + values().keySet());
    }

    @Test
    void noCandidateNameIsRefusedSayingWhatTheKeyHas() throws Exception {
        values().put("SmartHost on RCPT Failure", RegistryValue.dword(0));

        BackendException e = assertThrows(BackendException.class, () -> backend.apply(sendgrid(), ChangeSet.everything()));

        assertEquals("value names", e.step());
        assertTrue(e.getMessage().contains("port: none of \"Smart Host Port\", \"SmartHost Port\", \"SmartHostPort\" exists"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Values there that mention a smart host: \"SmartHost on RCPT Failure\" (REG_DWORD)"),
                e.getMessage());
        assertTrue(registry.applied.isEmpty(), "nothing written");
        assertTrue(services.restarts.isEmpty());
        assertTrue(backend.inspect().problems().get(0).startsWith("MailEnable's SMTP connector key"));
    }

    @Test
    void bothSpellingsPresentIsRefusedAsAmbiguous() {
        registry.withSmartHostDefaults(SMTP_KEY_64, "Smart Host").withSmartHostDefaults(SMTP_KEY_64, "SmartHost");

        BackendException e = assertThrows(BackendException.class, () -> backend.apply(sendgrid(), ChangeSet.everything()));

        assertEquals("value names", e.step());
        assertTrue(e.getMessage().contains("port: both \"Smart Host Port\", \"SmartHost Port\" exist"), e.getMessage());
        assertTrue(registry.applied.isEmpty());
    }

    @Test
    void aNameOfAnotherTypeIsRefused() {
        registry.withSmartHostDefaults(SMTP_KEY_64, "Smart Host");
        values().put("Smart Host Port", RegistryValue.text("25"));

        BackendException e = assertThrows(BackendException.class, () -> backend.apply(sendgrid(), ChangeSet.everything()));

        assertTrue(e.getMessage().contains("\"Smart Host Port\" is REG_SZ, the backend writes REG_DWORD"), e.getMessage());
        assertTrue(registry.applied.isEmpty());
    }

    @Test
    void aConnectorThatDoesNotComeBackFailsTheApplyAndThePreviousValuesReturn() {
        registry.withSmartHostDefaults(SMTP_KEY_64, "Smart Host");
        Map<String, RegistryValue> before = new TreeMap<>(values());
        services.comesBack = false;

        BackendException e = assertThrows(BackendException.class, () -> backend.apply(sendgrid(), ChangeSet.everything()));

        assertEquals("restart MESMTPCS", e.step());
        assertTrue(e.getMessage().contains("MESMTPCS is not running after the restart; the previous values were restored"),
                e.getMessage());
        assertEquals(before, new TreeMap<>(values()));
        assertEquals(List.of("MESMTPCS", "MESMTPCS"), services.restarts, "restarted again with the previous values");
    }

    @Test
    void aConnectorThatRewritesItsValuesWhenItStartsIsCaught() {
        registry.withSmartHostDefaults(SMTP_KEY_64, "Smart Host");
        Map<String, RegistryValue> before = new TreeMap<>(values());
        AtomicInteger starts = new AtomicInteger();
        services.onStart = () -> {
            if (starts.incrementAndGet() == 1) {
                values().put("Smart Host", RegistryValue.text("")); // what it had in memory
            }
        };

        BackendException e = assertThrows(BackendException.class, () -> backend.apply(sendgrid(), ChangeSet.everything()));

        assertEquals("read back after restart", e.step());
        assertTrue(e.getMessage().contains("\"Smart Host\": the registry has \"\" (REG_SZ), the panel wrote \"smtp.sendgrid.net\""),
                e.getMessage());
        assertEquals(before, new TreeMap<>(values()));
        assertFalse(e.getMessage().contains("SG.secret"));
    }

    @Test
    void valuesChangedOutsideThePanelAreDriftThatNeedsConfirmationThenAreWrittenAgain() throws Exception {
        registry.withSmartHostDefaults(SMTP_KEY_64, "Smart Host");
        backend.apply(sendgrid(), ChangeSet.everything());
        values().put("Smart Host", RegistryValue.text("relay.someone-else.example"));

        Inspection inspection = backend.inspect();
        assertTrue(inspection.manualRelay());
        assertEquals(1, inspection.drift().size(), inspection.drift().toString());
        assertEquals("Smart Host", inspection.drift().get(0).setting());
        assertEquals("relay.someone-else.example", inspection.drift().get(0).handValue());
        assertEquals("smtp.sendgrid.net", inspection.drift().get(0).panelValue());
        Preview preview = backend.preview(sendgrid());
        assertTrue(preview.takesOverManual(), "the service asks before writing over it");
        assertEquals(1, preview.drift().size());

        ApplyReport repair = backend.apply(sendgrid(), ChangeSet.everything());
        assertTrue(repair.warningTexts().stream().anyMatch(w -> w.contains("had been changed outside the panel")),
                repair.warnings().toString());
        assertEquals(RegistryValue.text("smtp.sendgrid.net"), values().get("Smart Host"));
    }

    @Test
    void pleskOnTheSameServerIsNamed() throws Exception {
        registry.withSmartHostDefaults(SMTP_KEY_64, "Smart Host").withKey(PleskPresence.KEYS.get(0));
        values().put("Use Smart Host", RegistryValue.dword(1)); // Plesk's own smarthost, on
        values().put("Smart Host", RegistryValue.text("relay.plesk-set.example"));
        assertTrue(backend.inspect().manualRelay(), "values the panel did not write are someone else's");
        assertTrue(backend.preview(sendgrid()).takesOverManual(), "so the admin confirms before the panel takes over");

        assertTrue(backend.inspect().problems().stream().anyMatch(p -> p.startsWith("Plesk is installed on this server")),
                backend.inspect().problems().toString());
        ApplyReport report = backend.apply(sendgrid(), ChangeSet.everything());
        assertTrue(report.warningTexts().stream().anyMatch(w -> w.contains("MailEnable's Smart Host values itself")),
                report.warnings().toString());
        assertTrue(backend.probe(Optional.empty()).findings().stream().anyMatch(f -> f.item().equals("Plesk")));
    }

    @Test
    void probeListsNamesAndTypesNeverDataAndWritesNothing() throws Exception {
        registry.withSmartHostDefaults(SMTP_KEY_64, "SmartHost");
        values().put("SmartHost Password", RegistryValue.text("old-secret"));

        Probe probe = backend.probe(Optional.empty());

        assertTrue(probe.usable(), probe.findings().toString());
        assertTrue(probe.findings().contains(new Probe.Finding("Smart Host port", Probe.Status.FOUND,
                "the panel would write REG_DWORD \"SmartHost Port\"")), probe.findings().toString());
        assertTrue(probe.findings().contains(new Probe.Finding("service MESMTPCS", Probe.Status.FOUND,
                "installed and running")));
        assertTrue(probe.answers().get(0).reply().contains("SmartHost Password  REG_SZ"), probe.answers().toString());
        assertFalse(probe.toString().contains("old-secret") || probe.toString().contains("mail.example.net"));
        assertTrue(registry.applied.isEmpty());

        values().remove("SmartHost Port");
        values().put("Smart Host Port", RegistryValue.text("25"));
        values().put("SmartHostPort", RegistryValue.dword(25));
        Probe mixed = backend.probe(Optional.empty());
        assertFalse(mixed.usable());
        assertEquals(Probe.Status.AMBIGUOUS, mixed.findings().stream().filter(f -> f.item().equals("Smart Host port"))
                .findFirst().orElseThrow().status());
    }

    @Test
    void anApplyWaitsWhileAnotherProcessHoldsTheWriterLock() throws Exception {
        registry.withSmartHostDefaults(SMTP_KEY_64, "Smart Host");
        Path lock = dir.resolve("mailenable.lock");
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes = Path.of(LockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process holder = new ProcessBuilder(java, "-cp", classes, LockHolder.class.getName(), lock.toString())
                .redirectErrorStream(true).start();
        try {
            assertEquals("locked", new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8)).readLine());
            CompletableFuture<ApplyReport> apply = CompletableFuture.supplyAsync(() -> {
                try {
                    return backend.apply(sendgrid(), ChangeSet.everything());
                } catch (BackendException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);
            assertFalse(apply.isDone());
            assertTrue(registry.applied.isEmpty(), "nothing written while the other writer holds the lock");

            holder.getOutputStream().close();
            assertTrue(apply.get(20, TimeUnit.SECONDS).changed());
            assertEquals(1, registry.applied.size());
        } finally {
            holder.destroyForcibly();
        }
    }
}
