package io.smarthost.panel.host.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small versioned-migration runner: {@code db/V<n>__<what>.sql} scripts on the class path, listed in
 * {@link #SCRIPTS} in order, each applied once in its own transaction and recorded in
 * {@code schema_version}. A database newer than this panel is refused rather than guessed at.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    static final List<String> SCRIPTS = List.of("V1__schema.sql", "V2__values_as_varchar.sql", "V3__api_keys_by_user_id.sql");

    private final Database db;

    Migrations(Database db) {
        this.db = db;
    }

    void migrate() {
        try (Connection c = db.connection()) {
            try (Statement s = c.createStatement()) {
                s.execute("create table if not exists schema_version (version int primary key, script varchar(200) not null, "
                        + "applied_at timestamp default current_timestamp not null)");
            }
            int current = currentVersion(c);
            if (current > SCRIPTS.size()) {
                throw new IllegalStateException("database schema version " + current + " is newer than this panel knows ("
                        + SCRIPTS.size() + "): use a newer panel");
            }
            for (int version = current + 1; version <= SCRIPTS.size(); version++) {
                apply(c, version, SCRIPTS.get(version - 1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot migrate database " + db.url() + ": " + e.getMessage(), e);
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select coalesce(max(version), 0) from schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection c, int version, String script) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (version == 3) {
                reportApiKeys(s);
            }
            for (String sql : statements(read(script))) {
                s.execute(sql);
            }
            try (PreparedStatement p = c.prepareStatement("insert into schema_version(version, script) values (?, ?)")) {
                p.setInt(1, version);
                p.setString(2, script);
                p.executeUpdate();
            }
            c.commit();
            LOG.info("Database migrated to version {} ({})", version, script);
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("migration " + script + " failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** What V3 does to the keys already there, in the log: kept (now bound to their user's id) or revoked. */
    private static void reportApiKeys(Statement s) throws SQLException {
        long kept;
        long orphaned;
        try (ResultSet rs = s.executeQuery("select count(*), count(u.id) from api_keys k left join users u on u.login = k.login")) {
            rs.next();
            kept = rs.getLong(2);
            orphaned = rs.getLong(1) - kept;
        }
        if (kept + orphaned > 0) {
            LOG.warn("Database migration 3: {} API key(s) now bound to their user's id (keys are stored as SHA-256 hashes, "
                    + "none in clear); {} key(s) of a login that has no user any more revoked", kept, orphaned);
        }
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script db/" + script + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> statements(String text) {
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
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
