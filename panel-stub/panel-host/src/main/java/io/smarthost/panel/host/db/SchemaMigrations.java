package io.smarthost.panel.host.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The panel's schema, migrated by Flyway on H2 and PostgreSQL alike: the scripts of {@code db/}
 * ({@code V<n>__<what>.sql}, standard SQL both run) and those of {@code db-postgresql/} that only
 * PostgreSQL needs, recorded in {@code flyway_schema_history}. A home made by the panel's former
 * hand-written runner (its table {@code schema_version}, versions 1..n) is baselined at n, so its
 * data stays as it is and only newer scripts run; a schema with other tables only gets every script.
 * A database newer than this panel is refused rather
 * than guessed at.
 */
final class SchemaMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    /** The former runner's table: its highest version is where Flyway starts on such a database. */
    static final String LEGACY_TABLE = "schema_version";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private final Database db;

    SchemaMigrations(Database db) {
        this.db = db;
    }

    void migrate() {
        Optional<Integer> legacy = legacyVersion();
        List<String> locations = new ArrayList<>(List.of("classpath:db"));
        String own = db.dialect().migrationsOfItsOwn();
        if (SchemaMigrations.class.getClassLoader().getResource(own) != null) {
            locations.add("classpath:" + own);
        }
        var config = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(db.dataSource())
                .locations(locations.toArray(String[]::new))
                .table(HISTORY_TABLE)
                // an applied migration this panel does not know (a newer panel's) fails validation
                .ignoreMigrationPatterns("")
                .callbacks(new ApiKeysReport())
                .cleanDisabled(true);
        if (legacy.isPresent()) {
            config = config.baselineOnMigrate(true).baselineVersion(String.valueOf(legacy.get()))
                    .baselineDescription("schema_version " + legacy.get() + " of the former runner");
            LOG.info("Database made by the former migration runner (version {}): baselined for Flyway", legacy.get());
        } else {
            // a schema that holds other tables but none of the panel's (a shared PostgreSQL database, an H2
            // file made by hand): every script runs, from V1, beside what is there
            config = config.baselineOnMigrate(true).baselineVersion("0").baselineDescription("before the panel's schema");
        }
        try {
            MigrateResult result = config.load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Database migrated to version {} ({} script(s))", result.targetSchemaVersion, result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (why.contains("not resolved locally") || why.contains("newer than")) {
                throw new DatabaseConfigException("[database] url = " + Database.printable(db.url())
                        + ": the database schema is newer than this panel knows: use a newer panel (" + Database.oneLine(why) + ")", e);
            }
            throw new DatabaseConfigException("[database] url = " + Database.printable(db.url()) + ": cannot migrate the schema: "
                    + Database.oneLine(why), e);
        }
    }

    /** What V3 does to the API keys already there, in the log: kept (now bound to their user's id) or revoked. */
    private static final class ApiKeysReport implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            if (context.getMigrationInfo() == null || context.getMigrationInfo().getVersion() == null
                    || !context.getMigrationInfo().getVersion().getVersion().equals("3")) {
                return;
            }
            try (Statement s = context.getConnection().createStatement();
                 ResultSet rs = s.executeQuery("select count(*), count(u.id) from api_keys k left join users u on u.login = k.login")) {
                rs.next();
                long kept = rs.getLong(2);
                long orphaned = rs.getLong(1) - kept;
                if (kept + orphaned > 0) {
                    LOG.warn("Database migration 3: {} API key(s) now bound to their user's id (keys are stored as SHA-256 "
                            + "hashes, none in clear); {} key(s) of a login that has no user any more revoked", kept, orphaned);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("migration 3: cannot count the API keys: " + e.getMessage(), e);
            }
        }

        @Override
        public String getCallbackName() {
            return "api-keys-report";
        }
    }

    /** The former runner's version when its table exists and Flyway's does not yet. */
    private Optional<Integer> legacyVersion() {
        try (Connection c = db.connection()) {
            if (!hasTable(c, LEGACY_TABLE) || hasTable(c, HISTORY_TABLE)) {
                return Optional.empty();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select coalesce(max(version), 0) from " + LEGACY_TABLE)) {
                rs.next();
                int version = rs.getInt(1);
                return version > 0 ? Optional.of(version) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new DatabaseConfigException("[database] url = " + Database.printable(db.url()) + ": cannot read the schema version: "
                    + Database.oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    /** Whether the current schema has the table (H2 keeps unquoted names in upper case, PostgreSQL in lower case). */
    static boolean hasTable(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String candidate : List.of(name, name.toUpperCase(java.util.Locale.ROOT))) {
            try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), candidate, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
