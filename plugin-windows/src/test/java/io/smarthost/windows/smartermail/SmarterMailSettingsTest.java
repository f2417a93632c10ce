package io.smarthost.windows.smartermail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.SettingsForm;
import io.smarthost.panel.testkit.TestHostServices;
import io.smarthost.panel.api.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SmarterMail's own settings, its web service login, offered through the backend SPI (issue 13 item 2): the
 * form the pages and the CLI render, and a save that logs in once before it stores anything.
 */
class SmarterMailSettingsTest {

    @TempDir
    Path home;
    FakeSmarterMail fake;
    TestHostServices host;
    SmarterMailBackend backend;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeSmarterMail();
        host = new TestHostServices(home);
        backend = new SmarterMailBackend(host);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void itsFormAsksForTheAddressTheAdministratorAndThePasswordAsASecret() {
        SettingsForm form = backend.settingsForm().orElseThrow();
        assertEquals("SmarterMail login", form.what());
        assertEquals(List.of("url", "username", "password"), form.fields().stream().map(SettingsForm.Field::name).toList());
        assertEquals(List.of(false, false, true), form.fields().stream().map(SettingsForm.Field::secret).toList());
        assertEquals("smarthost.smartermail.title", form.texts().title().key());
        assertEquals("SmarterMail refused the login or could not be reached: timeout", form.texts().failed().format("timeout"));
        assertFalse(form.stored());
        assertEquals("", form.fields().get(0).value());

        host.ini().set("mail", "smarthost.smartermail.url", "https://mail.example.com/");
        form = backend.settingsForm().orElseThrow();
        assertTrue(form.stored(), "an address is configured");
        assertEquals("https://mail.example.com/", form.fields().get(0).value(), "panel.ini's address is shown");
    }

    @Test
    void savingLogsInOnceThenStoresTheLoginWithThePasswordEncrypted() throws Exception {
        String done = backend.saveSettings(Map.of("url", fake.base().toString(), "username", "admin"),
                Map.of("password", Secret.of(fake.password)));
        assertEquals("SmarterMail login checked and saved for " + fake.base(), done);
        assertEquals(List.of("POST /api/v1/auth/authenticate-user"), fake.calls());
        SettingsForm form = backend.settingsForm().orElseThrow();
        assertTrue(form.stored());
        assertEquals(fake.base().toString(), form.fields().get(0).value());
        assertTrue(backend.detect(), "a configured address is SmarterMail found");
        assertTrue(host.store().rawValues().values().stream().noneMatch(v -> v.contains(fake.password)), "never in clear");
    }

    @Test
    void aRefusedLoginOrABadValueStoresNothing() {
        BackendException refused = assertThrows(BackendException.class, () -> backend.saveSettings(
                Map.of("url", fake.base().toString(), "username", "admin"), Map.of("password", Secret.of("wrong"))));
        assertEquals("SmarterMail login", refused.step());
        assertFalse(refused.reason().startsWith("SmarterMail login: "), refused.reason());
        assertTrue(refused.reason().contains("Invalid username or password"), refused.reason());

        IllegalArgumentException url = assertThrows(IllegalArgumentException.class, () -> backend.saveSettings(
                Map.of("url", "ftp://x", "username", "admin"), Map.of("password", Secret.of("p"))));
        assertTrue(url.getMessage().startsWith("url: "), url.getMessage());
        IllegalArgumentException password = assertThrows(IllegalArgumentException.class, () -> backend.saveSettings(
                Map.of("url", fake.base().toString(), "username", "admin"), Map.of()));
        assertTrue(password.getMessage().startsWith("password: "), password.getMessage());
        assertTrue(host.store().rawValues().isEmpty(), "nothing stored");
    }

    @Test
    void aLoginWhoseReplySaysItIsNoSystemAdministratorIsRefusedAndNothingStored() {
        fake.isAdmin = false;
        BackendException refused = assertThrows(BackendException.class, () -> backend.saveSettings(
                Map.of("url", fake.base().toString(), "username", "admin"), Map.of("password", Secret.of(fake.password))));
        assertEquals("SmarterMail login", refused.step());
        assertTrue(refused.reason().contains("not a system administrator"), refused.reason());
        assertTrue(host.store().rawValues().isEmpty(), "nothing stored");
    }

    @Test
    void whereTheReplyDoesNotSayARefusedGatewayListTellsADomainAdministrator() throws Exception {
        fake.isAdmin = null;
        fake.sysadminForbidden = true;
        BackendException refused = assertThrows(BackendException.class, () -> backend.saveSettings(
                Map.of("url", fake.base().toString(), "username", "admin"), Map.of("password", Secret.of(fake.password))));
        assertTrue(refused.reason().contains("HTTP 403") && refused.reason().contains("not a system administrator"),
                refused.reason());
        assertTrue(host.store().rawValues().isEmpty(), "nothing stored");

        fake.sysadminForbidden = false;
        backend.saveSettings(Map.of("url", fake.base().toString(), "username", "admin"),
                Map.of("password", Secret.of(fake.password)));
        assertEquals(List.of("POST /api/v1/auth/authenticate-user", "GET /api/v1/settings/sysadmin/outbound-gateways"),
                fake.calls().subList(fake.calls().size() - 2, fake.calls().size()), "the list call decides");
        assertTrue(backend.settingsForm().orElseThrow().stored());
    }
}
