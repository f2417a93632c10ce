package io.smarthost.panel.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.services.SettingsStore;
import io.smarthost.panel.host.testing.OnPostgres;
import io.smarthost.panel.host.testing.PostgresCluster;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every settings-store specification of {@link SettingsStoreTest}, on a PostgreSQL server. */
@ExtendWith(OnPostgres.class)
class SettingsStoreOnPostgresTest extends SettingsStoreTest {

    /** The whole cluster, its tables and its write-ahead log, written out by a checkpoint first. */
    @Override
    Path databaseFolder() {
        PostgresCluster.shared().execute("postgres", "checkpoint");
        return PostgresCluster.shared().dataDirectory();
    }

    /**
     * Issue 19's 100,000-domain benchmark: inside the bulk change that had just written 800,000 rows, the
     * statistics still said the table held 9, and the join form of the many-key read scanned every row of the
     * plugin once per 1,000 keys (about 2 s each, 58 s at 800,000 rows in psql). The read is one index lookup per key,
     * whatever the statistics say: the transaction's own counters show the rows it read.
     */
    @Test
    void manyKeyReadsLookUpEachKeyInTheTransactionThatFilledTheTable() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            SettingsStore store = panel.panel().services("stale").store();
            store.inTransaction(tx -> {
                for (int i = 0; i < 9; i++) {
                    tx.put("@seed" + i, "v");
                }
                try (var s = tx.connection().orElseThrow().createStatement()) {
                    s.execute("analyze plugin_settings");
                }
                return null;
            });
            store.inTransaction(tx -> {
                Map<String, String> many = new LinkedHashMap<>();
                for (int i = 0; i < 200_000; i++) {
                    many.put(String.format("@domain.d%06d.example", i), "v" + i);
                }
                tx.putAll(many);
                Connection c = tx.connection().orElseThrow();
                List<String> asked = new ArrayList<>(many.keySet()).subList(100_000, 105_000);
                long before = rowsRead(c);
                Map<String, String> read = tx.getAll(asked);
                long rows = rowsRead(c) - before;
                assertEquals(5_000, read.size());
                assertEquals("v104999", read.get("@domain.d104999.example"));
                // the join form read 2,000,000 rows here (every row of the plugin for each chunk of 500)
                assertTrue(rows <= 3 * 5_000L, "rows read for 5,000 keys: " + rows);
                return null;
            });
        }
    }

    /** The rows this transaction has read from {@code plugin_settings}, by index or by scan, so far. */
    private static long rowsRead(Connection c) throws Exception {
        try (PreparedStatement p = c.prepareStatement("select coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0)"
                + " from pg_stat_xact_user_tables where relname = 'plugin_settings'");
             ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
