package io.smarthost.panel.host.store;

import io.smarthost.panel.host.testing.OnPostgres;
import io.smarthost.panel.host.testing.PostgresCluster;
import java.nio.file.Path;
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
}
