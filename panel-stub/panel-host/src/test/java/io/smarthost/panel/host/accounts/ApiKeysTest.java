package io.smarthost.panel.host.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.PanelClient;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.panel.testkit.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys belong to a user's id: listed (never shown again), revoked, stored hashed, with a last-used time; removing
 * a user revokes their keys and ends their sessions, and a new user given the same login inherits nothing.
 */
class ApiKeysTest {

    @TempDir
    static Path home;
    static TestPanel panel;

    @BeforeAll
    static void start() {
        panel = TestPanel.builder(home).start();
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    @Test
    void aRemovedCustomersKeyIsRefusedWhenTheSameLoginComesBackAsAdmin() {
        panel.createCustomer("carol");
        String key = panel.apiKey("carol");
        PanelClient byKey = panel.api(key);
        assertEquals(200, byKey.get("/api/v2/domains").status());
        assertEquals(404, byKey.get("/api/v2/server").status(), "a customer's key is not an admin's");
        PanelClient browser = panel.login("carol");
        assertEquals(200, browser.get("/domains").status());

        TestPanel.CliRun deleted = panel.cli("user", "--delete", "carol");
        assertEquals(0, deleted.exitCode(), deleted.err());
        assertEquals("user carol deleted; 1 API key(s) revoked, 1 session(s) ended", deleted.out().strip());
        panel.createUser("carol", Role.ADMIN, "new-carol-password");

        HttpReply refused = byKey.get("/api/v2/server");
        assertEquals(401, refused.status(), refused.body());
        assertEquals(401, byKey.get("/api/v2/domains").status());
        assertEquals(303, browser.get("/tools").status(), "the old session is gone: to the login page");
        assertTrue(browser.get("/tools").location().orElse("").contains("/login"));
    }

    @Test
    void aSessionOfAUserRemovedByAnotherProcessEndsAtItsNextRequest() {
        panel.createCustomer("dave");
        PanelClient browser = panel.login("dave");
        assertEquals(200, browser.get("/domains").status());
        // as panel bin in its own process does: the server's sessions are not told
        panel.panel().users().delete("dave");
        panel.createUser("dave", Role.ADMIN, "new-dave-password");
        assertEquals(303, browser.get("/tools").status(), "the session names a user id that no longer exists");
    }

    @Test
    void keysAreListedWithoutTheKeyAndRevokedByTheirId() {
        panel.createCustomer("erin");
        String first = panel.apiKey("erin");
        String second = panel.apiKey("erin");
        TestPanel.CliRun list = panel.cli("apikey", "--list", "-user", "erin");
        assertEquals(0, list.exitCode(), list.err());
        assertFalse(list.out().contains(first) || list.out().contains(second), "a key is shown once, at creation");
        assertTrue(list.out().contains("\terin\t" + first.substring(0, 7) + "...\t"), list.out());
        assertTrue(list.out().contains("\tnever"), list.out());
        assertEquals(3, list.out().strip().lines().count(), "a header and two keys: " + list.out());

        long id = idOf(panel.cli("apikey", "--list", "-user", "erin", "-json").out(), first.substring(0, 7));
        TestPanel.CliRun revoked = panel.cli("apikey", "--revoke", String.valueOf(id));
        assertEquals(0, revoked.exitCode(), revoked.err());
        assertEquals("API key " + id + " (" + first.substring(0, 7) + "..., user erin) revoked", revoked.out().strip());
        assertEquals(401, panel.api(first).get("/api/v2/domains").status());
        assertEquals(200, panel.api(second).get("/api/v2/domains").status(), "the other key still works");

        TestPanel.CliRun again = panel.cli("apikey", "--revoke", String.valueOf(id));
        assertEquals(2, again.exitCode());
        assertEquals("apikey: id: no API key with ID " + id + "; see panel bin apikey --list", again.err().strip());
        assertEquals(2, panel.cli("apikey", "--revoke", "abc").exitCode());
        assertEquals(2, panel.cli("apikey", "--list", "-user", "nobody").exitCode());
    }

    @Test
    void keysAreStoredAsTheirHashOnly() {
        panel.createCustomer("frank");
        String key = panel.apiKey("frank");
        assertEquals(0L, panel.panel().jdbc().count("select count(*) from api_keys where key_hash = ? or hint = ?", key, key));
        assertEquals(1L, panel.panel().jdbc().count("select count(*) from api_keys where key_hash = ?", ApiKeys.hash(key)));
        assertEquals(64, ApiKeys.hash(key).length());
    }

    @Test
    void theLastUseIsWrittenAtMostOnceAMinute() {
        panel.createCustomer("gina");
        MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
        ApiKeys keys = new ApiKeys(panel.panel().jdbc(), panel.panel().users(), clock);
        String key = keys.create("gina").reveal();
        assertEquals(Optional.empty(), lastUsed(keys));
        keys.authenticate(key);
        assertEquals(Optional.of(clock.instant()), lastUsed(keys));
        Instant first = clock.instant();
        clock.now = clock.now.plus(Duration.ofSeconds(59));
        keys.authenticate(key);
        assertEquals(Optional.of(first), lastUsed(keys), "not written again within the minute");
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        keys.authenticate(key);
        assertEquals(Optional.of(clock.instant()), lastUsed(keys));
    }

    @Test
    void aUserWhoOwnsDomainsOrTheLastAdminCannotBeDeleted() {
        panel.createCustomer("hank");
        panel.createDomain("hank.example", "hank");
        TestPanel.CliRun owner = panel.cli("user", "--delete", "hank");
        assertEquals(2, owner.exitCode());
        assertTrue(owner.err().contains("hank still owns 1 domain(s)"), owner.err());
        assertTrue(panel.panel().users().find("hank").isPresent());
        TestPanel.CliRun unknown = panel.cli("user", "--delete", "nobody");
        assertEquals(2, unknown.exitCode());
        assertEquals("user: user: no user named 'nobody'", unknown.err().strip());
        long admins = panel.panel().users().list().stream().filter(u -> u.role() == Role.ADMIN).count();
        for (var u : panel.panel().users().list()) {
            if (u.role() == Role.ADMIN && !u.login().equals("admin")) {
                panel.panel().users().delete(u.login());
            }
        }
        TestPanel.CliRun last = panel.cli("user", "--delete", "admin");
        assertEquals(2, last.exitCode(), "of " + admins + " admins, the last one stays: " + last.err());
        assertTrue(last.err().contains("admin is the only administrator"), last.err());
    }

    private static Optional<Instant> lastUsed(ApiKeys keys) {
        return keys.list(Optional.of("gina")).get(0).lastUsed();
    }

    private static long idOf(String json, String hint) {
        try {
            for (var key : new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)) {
                if (key.path("hint").asText().equals(hint) && key.path("user").asText().equals("erin")) {
                    return key.path("id").asLong();
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
        throw new AssertionError("no key " + hint + " in " + json);
    }
}
