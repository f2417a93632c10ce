package io.smarthost.ui.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A domain deleted without the smarthost plugin hearing of it (the plugin was disabled, or the process died between
 * the deletion's commit and telling the plugin), then created again under the same name by another customer: the
 * new domain must not take over the deleted one's relay and password. It did (a hostile test): the new owner saw
 * the relay, and the new domain's mail left with the deleted domain's credentials. The panel now keeps the
 * deletion and tells the plugin before it hears of the creation.
 */
class MissedDomainChangesTest {
    private static final String BASE = "/api/v2/plugins/smarthost/";

    @TempDir
    Path home;

    @Test
    void aDomainCreatedAgainAfterADeletionThePluginMissedStartsWithoutTheOldRelay() throws Exception {
        Path sasl = home.resolve("mail-sandbox/postfix/smarthost/sasl_passwd");
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").demoData(false).start()) {
            panel.createCustomer("alice");
            panel.createCustomer("bob");
            panel.createDomain("shop.example", "alice");
            PanelClient admin = panel.api(panel.apiKey("admin"));
            HttpReply saved = admin.json("PUT", BASE + "domains/shop.example", "{\"host\":\"[192.0.2.55]\",\"port\":2525,"
                    + "\"encryption\":\"none\",\"authentication\":true,\"username\":\"alice-relay\","
                    + "\"password\":\"Alice-relay-pw-7\",\"confirmTakeover\":true}");
            assertEquals(200, saved.status(), saved.body());
            assertTrue(Files.readString(sasl).contains("@shop.example "));

            // while the plugin is off (disabled; or the process died before telling it): the domain is deleted (the
            // panel keeps the deletion for the plugins that did not hear of it) and created again by another
            // customer, which the plugin does not hear of either
            var jdbc = panel.panel().jdbc();
            long id = panel.panel().domains().find("shop.example").orElseThrow().id();
            jdbc.tx(c -> {
                jdbc.update("delete from domains where id = ?", id);
                jdbc.update("update domain_names_generation set generation = generation + 1 where id = 1");
                jdbc.update("insert into domain_events(kind, domain_id, name, before_name, owner, aliases, alias, at)"
                        + " values ('deleted', ?, 'shop.example', null, 'alice', '', null, current_timestamp)", id);
                jdbc.insert("insert into domains(name, owner) values ('shop.example', 'bob')");
                jdbc.update("update domain_names_generation set generation = generation + 1 where id = 1");
                return null;
            });
        }
        // the plugin runs again: it hears of the deletion first
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").demoData(false).start()) {
            PanelClient bob = panel.api(panel.apiKey("bob"));
            HttpReply view = bob.get(BASE + "domains/shop.example");
            assertEquals(200, view.status(), view.body());
            assertTrue(view.body().contains("\"settings\":null"), "no relay of its own: " + view.body());
            assertFalse(view.body().contains("192.0.2.55") || view.body().contains("alice-relay"), view.body());
            PanelClient admin = panel.api(panel.apiKey("admin"));
            HttpReply repaired = admin.json("POST", BASE + "repair", "{}");
            assertEquals(200, repaired.status(), repaired.body());
            String map = Files.exists(sasl) ? Files.readString(sasl) : "";
            assertFalse(map.contains("@shop.example ") || map.contains("Alice-relay-pw-7"),
                    "the deleted domain's password is not used for the new one");
            Path relayMap = home.resolve("mail-sandbox/postfix/smarthost/sender_relay");
            String relays = Files.exists(relayMap) ? Files.readString(relayMap) : ""; // a map with no entry goes
            assertFalse(relays.contains("@shop.example "), relays);
        }
    }
}
