package io.smarthost.windows.mailenable;

import static io.smarthost.windows.mailenable.MailEnableValueNames.AUTH_REQUIRED;
import static io.smarthost.windows.mailenable.MailEnableValueNames.ENABLED;
import static io.smarthost.windows.mailenable.MailEnableValueNames.HOST;
import static io.smarthost.windows.mailenable.MailEnableValueNames.PASSWORD;
import static io.smarthost.windows.mailenable.MailEnableValueNames.PORT;
import static io.smarthost.windows.mailenable.MailEnableValueNames.SMTP_KEY_32;
import static io.smarthost.windows.mailenable.MailEnableValueNames.SMTP_KEY_64;
import static io.smarthost.windows.mailenable.MailEnableValueNames.USERNAME;
import static io.smarthost.core.testing.InMemoryDesiredState.namedRelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.windows.ServiceControl;
import io.smarthost.windows.StateFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailEnableBackendTest {

    @TempDir
    Path dir;
    MemoryRegistry registry;
    FakeServices services;
    MailEnableBackend backend;

    static final class FakeServices implements ServiceControl {
        final List<String> restarts = new ArrayList<>();
        int failRestarts;
        boolean comesBack = true;
        /** What the service does to the registry when it starts (a service that rewrites its settings). */
        Runnable onStart = () -> { };

        @Override
        public boolean isRunning(String serviceName) {
            return comesBack;
        }

        @Override
        public boolean exists(String serviceName) {
            return true;
        }

        @Override
        public void restart(String serviceName) throws ServiceException {
            restarts.add(serviceName);
            if (failRestarts > 0) {
                failRestarts--;
                throw new ServiceException("net start " + serviceName + " failed (exit 2): System error 1053");
            }
            onStart.run();
        }
    }

    @BeforeEach
    void setUp() {
        registry = new MemoryRegistry().withKey(SMTP_KEY_64).withSmartHostDefaults(SMTP_KEY_64, "Smart Host");
        registry.keys.get(SMTP_KEY_64).put("Host Name", RegistryValue.text("mail.example.net"));
        services = new FakeServices();
        backend = new MailEnableBackend(() -> true, registry, services, new StateFile(dir.resolve("state.json")));
    }

    private static InMemoryDesiredState sendgrid() {
        return new InMemoryDesiredState().server(namedRelay("smtp.sendgrid.net", 587, Encryption.NONE, "apikey", "SG.secret"));
    }

    @Test
    void writesTheExactSmartHostValuesThenRestartsTheConnector() throws Exception {
        ApplyReport report = backend.apply(sendgrid(), ChangeSet.everything());

        Map<String, RegistryValue> values = registry.keys.get(SMTP_KEY_64);
        assertEquals(new RegistryValue.Dword(1), values.get(ENABLED));
        assertEquals(new RegistryValue.Text("smtp.sendgrid.net"), values.get(HOST));
        assertEquals(new RegistryValue.Dword(587), values.get(PORT));
        assertEquals(new RegistryValue.Dword(1), values.get(AUTH_REQUIRED));
        assertEquals(new RegistryValue.Text("apikey"), values.get(USERNAME));
        assertEquals("SG.secret", values.get(PASSWORD).data());
        assertEquals(new RegistryValue.Text("mail.example.net"), values.get("Host Name"), "other values untouched");
        assertEquals(Set.of(ENABLED, HOST, PORT, AUTH_REQUIRED, USERNAME, PASSWORD), registry.applied.get(0).keySet());
        assertEquals(List.of("MESMTPCS"), services.restarts);
        assertTrue(report.changed());
        assertTrue(report.steps().contains("set Smart Host Password = ******"), report.steps().toString());
        assertFalse(report.toString().contains("SG.secret"));
    }

    @Test
    void declaresNoSrsAndRefusesAStateWithSrsOnWithoutWriting() {
        assertFalse(backend.capabilities().srs(), "MailEnable has no SRS the panel can wire");
        BackendException e = assertThrows(BackendException.class,
                () -> backend.apply(sendgrid().srs(true), ChangeSet.everything()));
        assertEquals("validate", e.step());
        assertTrue(e.getMessage().contains("SRS"), e.getMessage());
        assertTrue(registry.applied.isEmpty(), "nothing written");
    }

    @Test
    void usesThe32BitKeyWhenThereIsNoWow6432Node() throws Exception {
        registry = new MemoryRegistry().withKey(SMTP_KEY_32).withSmartHostDefaults(SMTP_KEY_32, "Smart Host");
        backend = new MailEnableBackend(() -> true, registry, services, new StateFile(dir.resolve("s.json")));
        backend.apply(sendgrid(), ChangeSet.serverOnly());
        assertEquals(new RegistryValue.Text("smtp.sendgrid.net"), registry.keys.get(SMTP_KEY_32).get(HOST));
    }

    @Test
    void applyingTheSameStateTwiceChangesNothing() throws Exception {
        backend.apply(sendgrid(), ChangeSet.everything());
        ApplyReport second = backend.apply(sendgrid(), ChangeSet.everything());
        assertFalse(second.changed());
        assertEquals(1, registry.applied.size());
        assertEquals(1, services.restarts.size());
    }

    @Test
    void failedRestartRestoresThePreviousValuesAndRestartsWithThem() throws Exception {
        Map<String, RegistryValue> before = new TreeMap<>(registry.keys.get(SMTP_KEY_64));
        services.failRestarts = 1;

        BackendException e = assertThrows(BackendException.class,
                () -> backend.apply(sendgrid(), ChangeSet.everything()));

        assertEquals("restart MESMTPCS", e.step());
        assertTrue(e.getMessage().contains("the previous values were restored"), e.getMessage());
        assertEquals(before, new TreeMap<>(registry.keys.get(SMTP_KEY_64)));
        assertEquals(List.of("MESMTPCS", "MESMTPCS"), services.restarts);
        assertFalse(e.getMessage().contains("SG.secret"));
    }

    @Test
    void readBackMismatchRollsBackAndNeverRestarts() throws Exception {
        registry.keys.get(SMTP_KEY_64).put(HOST, RegistryValue.text("old.relay.example"));
        registry.dropWritesOf.add(PORT);

        BackendException e = assertThrows(BackendException.class,
                () -> backend.apply(sendgrid(), ChangeSet.everything()));

        assertEquals("read back", e.step());
        assertTrue(e.getMessage().contains("Smart Host Port"), e.getMessage());
        assertEquals(RegistryValue.text("old.relay.example"), registry.keys.get(SMTP_KEY_64).get(HOST));
        assertEquals("", registry.keys.get(SMTP_KEY_64).get(PASSWORD).data(), "the previous (empty) password is back");
        assertTrue(services.restarts.isEmpty());
    }

    @Test
    void disablingTurnsTheSmartHostOffAndRemovesTheLogin() throws Exception {
        backend.apply(sendgrid(), ChangeSet.everything());
        backend.apply(new InMemoryDesiredState(), ChangeSet.serverOnly());

        Map<String, RegistryValue> values = registry.keys.get(SMTP_KEY_64);
        assertEquals(new RegistryValue.Dword(0), values.get(ENABLED));
        assertEquals(RegistryValue.text(""), values.get(PASSWORD), "emptied, not deleted: the name stays for the next apply");
        assertEquals(RegistryValue.text(""), values.get(USERNAME));
    }

    @Test
    void leavesAHandMadeSmartHostAloneWhenThePanelNeverSetOne() throws Exception {
        registry.keys.get(SMTP_KEY_64).put(ENABLED, RegistryValue.dword(1));
        registry.keys.get(SMTP_KEY_64).put(HOST, RegistryValue.text("relay.isp.example"));

        ApplyReport report = backend.apply(new InMemoryDesiredState(), ChangeSet.everything());

        assertFalse(report.changed());
        assertTrue(registry.applied.isEmpty());
        Inspection inspection = backend.inspect();
        assertTrue(inspection.manualRelay());
        Preview preview = backend.preview(sendgrid());
        assertTrue(preview.takesOverManual());
        assertTrue(preview.lines().contains(new Preview.Line(HOST, "relay.isp.example", "smtp.sendgrid.net",
                Preview.Action.TAKE_OVER)), preview.lines().toString());
    }

    @Test
    void inspectMasksThePasswordAndSeesOwnSettingsAsNotManual() throws Exception {
        backend.apply(sendgrid(), ChangeSet.everything());
        Inspection inspection = backend.inspect();
        assertFalse(inspection.manualRelay());
        assertTrue(inspection.settings().contains(new Inspection.Setting(PASSWORD, "******", SMTP_KEY_64, true)));
        assertFalse(inspection.toString().contains("SG.secret"));
        registry.keys.get(SMTP_KEY_64).put(HOST, RegistryValue.text("changed.by.hand.example"));
        assertEquals(1, backend.inspect().problems().size());
    }

    @Test
    void refusesADomainRelayNamingMailEnable() {
        InMemoryDesiredState desired = new InMemoryDesiredState()
                .domain("example.com", namedRelay("smtp.mailgun.org", 587, Encryption.NONE, "u", "p"));
        BackendException e = assertThrows(BackendException.class,
                () -> backend.apply(desired, ChangeSet.domains(Set.of("example.com"))));
        assertEquals("validate", e.step());
        assertTrue(e.getMessage().contains("MailEnable has no per-domain relay"), e.getMessage());
        assertTrue(registry.applied.isEmpty());
    }

    @Test
    void refusesRequiredEncryptionItCannotHonour() {
        InMemoryDesiredState desired = new InMemoryDesiredState()
                .server(namedRelay("smtp.sendgrid.net", 587, Encryption.STARTTLS, "apikey", "x"));
        BackendException e = assertThrows(BackendException.class,
                () -> backend.apply(desired, ChangeSet.serverOnly()));
        assertTrue(e.getMessage().startsWith("validate: MailEnable cannot use encryption 'starttls'"), e.getMessage());
    }

    @Test
    void capabilitiesSayServerOnly() {
        assertTrue(backend.capabilities().serverRelay());
        assertFalse(backend.capabilities().domainRelay());
        assertFalse(backend.capabilities().domainCredentials());
        assertFalse(backend.capabilities().certificateVerification());
    }

    @Test
    void detectsOnlyOnWindowsWithTheConnectorKey() {
        assertTrue(backend.detect());
        assertFalse(new MailEnableBackend(() -> false, registry, services, new StateFile(dir.resolve("x"))).detect());
        assertFalse(new MailEnableBackend(() -> true, new MemoryRegistry(), services,
                new StateFile(dir.resolve("y"))).detect());
    }

    @Test
    void onlyDomainChangesNeedNoRegistryWork() throws Exception {
        ApplyReport report = backend.apply(new InMemoryDesiredState(), ChangeSet.domains(Set.of("gone.example")));
        assertFalse(report.changed());
        assertEquals(RegistryValue.text(""), registry.keys.get(SMTP_KEY_64).get(HOST));
        assertTrue(registry.applied.isEmpty());
    }
}
