package io.smarthost.panel.host.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.accounts.ApiKeys;
import io.smarthost.panel.host.accounts.PasswordHasher;
import io.smarthost.panel.host.accounts.Users;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A home made before API keys were bound to user ids (schema version 2, keys by login name) keeps working: migration
 * 3 binds each key to its user's id, and revokes the keys of a login that has no user any more.
 */
class ApiKeysMigrationTest {

    static final String ALICE_KEY = "pk_alice-key-made-by-an-older-panel-000000000";
    static final String GHOST_KEY = "pk_ghost-key-of-a-user-removed-by-hand-0000000";

    @Test
    void keysOfAnOlderPanelAreBoundToTheirUsersIdAndOrphansRevoked(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("panel").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url, "sa", "pw"); Statement s = c.createStatement()) {
            SchemaMigrationsTest.versionTwo(s);
            s.execute("insert into users(login, role, password_hash) values ('alice', 'CUSTOMER', 'x')");
            try (PreparedStatement p = c.prepareStatement("insert into api_keys(login, key_hash, hint) values (?, ?, ?)")) {
                for (String[] row : new String[][] {{"alice", ALICE_KEY}, {"ghost", GHOST_KEY}}) {
                    p.setString(1, row[0]);
                    p.setString(2, sha256(row[1]));
                    p.setString(3, row[1].substring(0, 7));
                    p.executeUpdate();
                }
            }
        }

        try (Database db = Database.open(url, "sa", "pw")) {
            Jdbc jdbc = new Jdbc(db);
            Users users = new Users(jdbc, new PasswordHasher(4));
            ApiKeys keys = new ApiKeys(jdbc, users);
            assertEquals(1L, jdbc.count("select count(*) from \"flyway_schema_history\" where \"version\" = '3' and \"success\""),
                    "V3 applied by Flyway after the baseline at 2");
            assertEquals(Optional.of("alice"), keys.authenticate(ALICE_KEY).map(u -> u.login()));
            assertEquals(Optional.empty(), keys.authenticate(GHOST_KEY), "the key of a login without a user is revoked");
            assertEquals(1, keys.list(Optional.empty()).size());
            assertEquals("alice", keys.list(Optional.empty()).get(0).login());
            assertTrue(keys.list(Optional.empty()).get(0).lastUsed().isPresent(), "the use above was recorded");
            assertEquals(0L, jdbc.count("select count(*) from information_schema.columns where lower(table_name) = 'api_keys' "
                    + "and lower(column_name) = 'login'"), "keys no longer name a login");
        }
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
