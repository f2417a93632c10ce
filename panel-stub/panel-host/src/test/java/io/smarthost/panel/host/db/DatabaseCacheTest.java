package io.smarthost.panel.host.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database keeps a page cache of {@link Database#CACHE_KB}, not H2's 16 MB (memory at rest), in its file. */
class DatabaseCacheTest {

    @TempDir
    Path temp;

    @Test
    void theEmbeddedDatabasesPageCacheIsTheOneChosen() throws Exception {
        java.nio.file.Files.createDirectories(temp.resolve("data"));
        Database db = Database.openEmbedded(temp.resolve("data"), temp.resolve("data/db.password"));
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select setting_value from information_schema.settings"
                     + " where setting_name = 'info.CACHE_MAX_SIZE'")) {
            r.next();
            assertEquals(Database.CACHE_KB / 1024, Integer.parseInt(r.getString(1)), "in MB");
            assertEquals(4096, Database.CACHE_KB);
        } finally {
            db.close();
        }
        // kept in the file: a connection without the panel's opening (another tool, an older panel) has it too
        String password = java.nio.file.Files.readString(temp.resolve("data/db.password")).strip();
        try (Connection c = java.sql.DriverManager.getConnection(Database.defaultUrl(temp.resolve("data")), "sa", password);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select setting_value from information_schema.settings"
                     + " where setting_name = 'info.CACHE_MAX_SIZE'")) {
            r.next();
            assertEquals(4, Integer.parseInt(r.getString(1)));
        }
    }
}
