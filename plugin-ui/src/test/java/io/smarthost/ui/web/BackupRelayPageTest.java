package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "Backup relay (optional)" section of the smarthost pages in a real panel (Postfix backend on its
 * sandbox): collapsed until used, saved with the form, errors on its own fields, a domain offered the shared
 * login only, and no section at all when the selected backend cannot add a backup relay.
 */
class BackupRelayPageTest {
    static final String SERVER = SmarthostPagesTest.SERVER;
    static final String BACKUP_SECRET = "backup-Secret-0815";

    @TempDir
    Path home;

    @Test
    void theSectionSavesABackupReportsItsErrorsAndFollowsTheBackend() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").start()) {
            panel.createCustomer("alice");
            panel.createDomain("alice.example", "alice");
            PanelClient admin = panel.login("admin");
            HttpReply page = admin.get(SERVER);
            assertTrue(page.body().contains("<details class=\"sh-backup\" id=\"backup-relay\" >"), "offered, collapsed");
            assertTrue(page.body().contains("Backup relay (optional)"));
            assertTrue(page.body().contains("<option value=\"own\""), "server-wide: a login of its own is offered");

            Map<String, String> form = SmarthostPagesTest.serverForm("[127.0.0.1]", "2525");
            form.put("backupHost", "bad backup host");
            HttpReply badHost = admin.post(SERVER, form);
            assertEquals(400, badHost.status(), badHost.toString());
            assertTrue(badHost.body().contains("id=\"err-backupHost\""), badHost.body());
            form.put("backupHost", "[127.0.0.1]");
            form.put("backupPort", "70000");
            HttpReply bad = admin.post(SERVER, form);
            assertEquals(400, bad.status(), bad.toString());
            assertTrue(bad.body().contains("id=\"err-backupPort\""), "the error sits at its field");
            assertTrue(bad.body().contains("id=\"backup-relay\" open"), "and the section is open to show it");

            form.put("backupPort", "2526");
            form.put("backupLogin", "own");
            form.put("backupUsername", "backup-user");
            form.put("backupPassword", BACKUP_SECRET);
            HttpReply saved = admin.post(SERVER, form);
            assertEquals(200, saved.status(), saved.toString());
            assertFalse(saved.body().contains(BACKUP_SECRET), "the backup's password is never shown");
            assertTrue(saved.body().contains("id=\"backupHost\" value=\"127.0.0.1\""), "an IP address is shown bare: " + saved.body());
            assertTrue(saved.body().contains("id=\"backup-relay\" open"));
            String mainCf = Files.readString(panel.home().resolve("mail-sandbox/postfix/main.cf"));
            assertTrue(mainCf.contains("relayhost = [127.0.0.1]:2525, [127.0.0.1]:2526"), mainCf);

            // with the relay saved (its password kept), as the browser posts it: no password typed
            form.remove("password");
            form.remove("backupPassword");
            form.put("backupHost", "bad backup host");
            form.put("backupLogin", "same");
            form.put("backupUsername", "");
            form.put("backupPort", "");
            HttpReply badAfterSave = admin.post(SERVER, form);
            assertTrue(badAfterSave.body().contains("id=\"err-backupHost\""), badAfterSave.status() + " "
                    + badAfterSave.body().replaceAll("(?s).*(<main.{0,3000}).*", "$1"));
            assertEquals(400, badAfterSave.status());

            HttpReply domain = panel.login("alice").get("/plugins/smarthost/domains/alice.example");
            assertTrue(domain.body().contains("id=\"backup-relay\""), "domains may have a backup on Postfix");
            assertFalse(domain.body().contains("<option value=\"own\""), "but only with the domain's login");
            assertTrue(domain.body().contains("looks a domain&#39;s login up by its sender")
                    || domain.body().contains("looks a domain's login up by its sender"), "and the page says why");

            try {
                Files.writeString(panel.home().resolve("panel.ini"), "[mail]\nsmarthost.backend = mailenable\n");
                assertEquals(0, panel.cli("settings", "--reload-ini").exitCode());
                assertFalse(admin.get(SERVER).body().contains("id=\"backup-relay\""), "MailEnable: no backup relay offered");
            } finally {
                Files.writeString(panel.home().resolve("panel.ini"), "[mail]\nsmarthost.backend = postfix\n");
                panel.cli("settings", "--reload-ini");
            }
        }
    }
}
