package io.smarthost.panel.host.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway takes over homes made by the former hand-written runner: their schema is baselined at the
 * version they had, their rows stay, only newer scripts run; a database newer than the panel is refused.
 */
class SchemaMigrationsTest {

    @TempDir
    Path temp;

    private String url() {
        return "jdbc:h2:file:" + temp.resolve("panel") + ";DB_CLOSE_DELAY=0";
    }

    /** The database exactly as the former runner left it at {@code version}, with one row of data. */
    private void legacyDatabase(int version) throws Exception {
        List<String> scripts = List.of("V1__schema.sql", "V2__values_as_varchar.sql");
        try (Connection c = DriverManager.getConnection(url(), "sa", ""); Statement s = c.createStatement()) {
            s.execute("create table if not exists schema_version (version int primary key, script varchar(200) not null, "
                    + "applied_at timestamp default current_timestamp not null)");
            for (int v = 1; v <= version; v++) {
                for (String sql : statements(scripts.get(v - 1))) {
                    s.execute(sql);
                }
                s.execute("insert into schema_version(version, script) values (" + v + ", '" + scripts.get(v - 1) + "')");
            }
            s.execute("insert into plugin_settings(plugin_id, k, v, secret) values ('smarthost', 'domain.example.com', '{\"on\":true}', false)");
            s.execute("insert into users(login, role, password_hash) values ('admin', 'ADMIN', 'x')");
            s.execute("insert into api_keys(login, key_hash, hint) values ('admin', 'h-admin', 'pk_a'), ('ghost', 'h-ghost', 'pk_g')");
        }
    }

    @Test
    void aHomeOfTheFormerRunnerIsBaselinedAtItsVersionAndKeepsItsRows() throws Exception {
        legacyDatabase(2);
        try (Database db = Database.open(url(), "sa", ""); Connection c = db.connection(); Statement s = c.createStatement()) {
            assertEquals(List.of("2:BASELINE", "3:SQL", "4:SQL", "4.1:SQL", "5:SQL", "6:SQL"), history(s), "baselined at 2, nothing re-run, V3 and later applied");
            assertEquals("h-admin", one(s, "select k.key_hash from api_keys k join users u on u.id = k.user_id where u.login = 'admin'"));
            assertEquals("1", one(s, "select count(*) from api_keys"), "V3 (a Flyway script now) revoked the key of a login without user");
            assertEquals("{\"on\":true}", one(s, "select v from plugin_settings where k = 'domain.example.com'"));
            assertEquals("admin", one(s, "select login from users"));
        }
        try (Database again = Database.open(url(), "sa", ""); Connection c = again.connection(); Statement s = c.createStatement()) {
            assertEquals(List.of("2:BASELINE", "3:SQL", "4:SQL", "4.1:SQL", "5:SQL", "6:SQL"), history(s), "the next start has nothing to do");
        }
    }

    @Test
    void aHomeOfTheFormerRunnerAtVersionOneGetsTheNewerScripts() throws Exception {
        legacyDatabase(1);
        try (Database db = Database.open(url(), "sa", ""); Connection c = db.connection(); Statement s = c.createStatement()) {
            assertEquals(List.of("1:BASELINE", "2:SQL", "3:SQL", "4:SQL", "4.1:SQL", "5:SQL", "6:SQL"), history(s));
            assertEquals("CHARACTER VARYING", one(s, "select data_type from information_schema.columns "
                    + "where table_name = 'PLUGIN_SETTINGS' and column_name = 'V'"), "V2 ran: values are no CLOBs any more");
            assertEquals("{\"on\":true}", one(s, "select v from plugin_settings where k = 'domain.example.com'"));
        }
    }

    @Test
    void aNewDatabaseGetsEveryScriptAndADatabaseNewerThanThePanelIsRefused() throws Exception {
        try (Database db = Database.open(url(), "sa", ""); Connection c = db.connection(); Statement s = c.createStatement()) {
            List<String> applied = history(s);
            assertEquals(List.of("1:SQL", "2:SQL"), applied.subList(0, 2), "every script from V1");
            s.execute("insert into \"flyway_schema_history\"(\"installed_rank\", \"version\", \"description\", \"type\", \"script\", "
                    + "\"installed_by\", \"execution_time\", \"success\") values (99, '99', 'from a newer panel', 'SQL', "
                    + "'V99__from_a_newer_panel.sql', 'sa', 0, true)");
        }
        DatabaseConfigException newer = assertThrows(DatabaseConfigException.class, () -> Database.open(url(), "sa", ""));
        assertTrue(newer.getMessage().startsWith("[database] url = ") && newer.getMessage().contains("newer than this panel"),
                newer.getMessage());
    }

    private static List<String> history(Statement s) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("select \"version\", \"type\" from \"flyway_schema_history\" "
                + "where \"version\" is not null order by \"installed_rank\"")) {
            while (rs.next()) {
                out.add(rs.getString(1) + ":" + rs.getString(2));
            }
        }
        return out;
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    /**
     * A script of {@code legacy-runner/} in the former runner's split: statements end with a line ending in ';',
     * '--' lines are comments (also used by {@link ApiKeysMigrationTest}).
     */
    /** A database as the former hand-written runner left a home at version 2 (its scripts kept in the test resources). */
    static void versionTwo(java.sql.Statement s) throws IOException, java.sql.SQLException {
        s.execute("create table schema_version (version int primary key, script varchar(200) not null, "
                + "applied_at timestamp default current_timestamp not null)");
        List<String> scripts = List.of("V1__schema.sql", "V2__values_as_varchar.sql");
        for (int v = 1; v <= 2; v++) {
            for (String sql : statements(scripts.get(v - 1))) {
                s.execute(sql);
            }
            s.execute("insert into schema_version(version, script) values (" + v + ", '" + scripts.get(v - 1) + "')");
        }
    }

    static List<String> statements(String script) throws IOException {
        String text;
        try (InputStream in = SchemaMigrationsTest.class.getResourceAsStream("/legacy-runner/" + script)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        return out;
    }
}
