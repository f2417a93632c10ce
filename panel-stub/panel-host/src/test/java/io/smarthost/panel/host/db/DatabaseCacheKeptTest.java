package io.smarthost.panel.host.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a connection leaves the running database's page cache as it is. With {@code CACHE_SIZE} in the default
 * URL, every connection H2 opened (each pooled connection Hikari adds or renews, each {@code panel bin} reaching the
 * server through AUTO_SERVER) ran {@code SET CACHE_SIZE}, and H2 2.3's {@code FileStore.setCacheSize} empties the
 * cache whatever the value (found by a review).
 */
class DatabaseCacheKeptTest {

    @TempDir
    Path temp;

    @Test
    void openingAnotherConnectionDoesNotEmptyThePageCache() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        String url = Database.defaultUrl(data);
        try (Connection a = DriverManager.getConnection(url, "sa", "pw"); Statement s = a.createStatement()) {
            s.execute("create table t(id int primary key, v varchar(200))");
            s.execute("insert into t select x, repeat('x', 150) from system_range(1, 10000)"); // ~2 MB: fits in 4 MB
            s.execute("checkpoint");
            readAll(s);
            readAll(s);
            long before = fileReads(s);
            readAll(s);
            assertEquals(before, fileReads(s), "the table is in the cache: a second pass reads nothing from the file");

            // a new connection (the pool growing or renewing one, a CLI command through AUTO_SERVER)
            DriverManager.getConnection(url, "sa", "pw").close();

            readAll(s);
            assertEquals(before, fileReads(s), "a connection opening emptied the page cache: the same pass read the file again");
        }
    }

    private static void readAll(Statement s) throws Exception {
        try (ResultSet r = s.executeQuery("select sum(length(v)) from t")) {
            r.next();
        }
    }

    private static long fileReads(Statement s) throws Exception {
        try (ResultSet r = s.executeQuery("select setting_value from information_schema.settings"
                + " where setting_name = 'info.FILE_READ'")) {
            r.next();
            return Long.parseLong(r.getString(1));
        }
    }
}
