package io.smarthost.panel.host.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's panels on PostgreSQL: before each test a fresh database on the JVM's throwaway
 * cluster ({@link PostgresCluster#shared()}), which every {@link TestPanel} started by the test uses
 * through {@code [database] url} in its panel.ini. A test class on H2 becomes a PostgreSQL one by a
 * subclass: {@code @ExtendWith(OnPostgres.class) class XOnPostgresTest extends XTest {}}.
 */
public final class OnPostgres implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        PostgresCluster cluster = PostgresCluster.shared();
        TestPanel.useDatabase(cluster.url(cluster.createDatabase()), "postgres", "");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestPanel.useDatabase(null, null, null);
    }
}
