package io.smarthost.panel.host.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class's panels on PostgreSQL: before each test a fresh database on the JVM's throwaway
 * cluster ({@link PostgresCluster#shared()}), which every {@link TestPanel} started by the test uses
 * through {@code [database] url} in its panel.ini. A test class on H2 becomes a PostgreSQL one by a
 * subclass: {@code @ExtendWith(OnPostgres.class) class XOnPostgresTest extends XTest {}}. A class that
 * starts its panel in {@code @BeforeAll} gets a database for the whole class first.
 */
public final class OnPostgres implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private static volatile String classDatabase;

    @Override
    public void beforeAll(ExtensionContext context) {
        classDatabase = useFreshDatabase();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestPanel.useDatabase(null, null, null);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        useFreshDatabase();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // the class's database again, for what its @AfterAll may start
        TestPanel.useDatabase(classDatabase, "postgres", "");
    }

    private static String useFreshDatabase() {
        PostgresCluster cluster = PostgresCluster.shared();
        String url = cluster.url(cluster.createDatabase());
        TestPanel.useDatabase(url, "postgres", "");
        return url;
    }
}
