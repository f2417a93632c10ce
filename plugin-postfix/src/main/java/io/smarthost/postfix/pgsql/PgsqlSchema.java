package io.smarthost.postfix.pgsql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The plugin's own schema {@code smarthost} in the panel's PostgreSQL database: the rendered map rows
 * ({@code maps}), the server-wide generation ({@code server}), the nodes ({@code nodes}), and the three
 * views the nodes read ({@code sender_relay}, {@code sender_transport}, {@code sasl_passwd}); the role
 * {@value #NODE_ROLE} may SELECT those views and nothing else. Created on first use, idempotently.
 */
final class PgsqlSchema {
    static final String SCHEMA = "smarthost";
    static final String NODE_ROLE = "smarthost_node";
    /** The three views, one per map, named like the map files. */
    static final List<String> VIEWS = List.of("sender_relay", "sender_transport", "sasl_passwd");

    private PgsqlSchema() {
    }

    /**
     * Creates what is missing and returns the schema pgcrypto lives in (its functions are named with it).
     * Needs the panel's role to own the database or to be allowed {@code CREATE} in it.
     */
    static String ensure(Connection c) throws SQLException {
        if (!exists(c)) {
            try (Statement s = c.createStatement()) {
                s.execute("create extension if not exists pgcrypto");
                s.execute("create schema if not exists " + SCHEMA);
                s.execute("create table if not exists " + SCHEMA + ".maps (map text collate \"C\" not null,"
                        + " k text collate \"C\" not null, v text, secret bytea, primary key (map, k))");
                s.execute("create table if not exists " + SCHEMA + ".server (id int primary key check (id = 1),"
                        + " generation bigint not null, fingerprint text not null)");
                s.execute("create table if not exists " + SCHEMA + ".nodes (name text collate \"C\" primary key,"
                        + " config_directory text not null, generation bigint not null, last_contact timestamptz not null)");
                s.execute("create or replace view " + SCHEMA + ".sender_relay as select k, v from " + SCHEMA
                        + ".maps where map = 'sender_relay'");
                s.execute("create or replace view " + SCHEMA + ".sender_transport as select k, v from " + SCHEMA
                        + ".maps where map = 'sender_transport'");
                s.execute("create or replace view " + SCHEMA + ".sasl_passwd as select k, secret from " + SCHEMA
                        + ".maps where map = 'sasl_passwd'");
            }
        }
        return pgcryptoSchema(c);
    }

    private static boolean exists(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select to_regclass(?) is not null and to_regclass(?) is not null"
                + " and exists (select 1 from pg_extension where extname = 'pgcrypto')")) {
            p.setString(1, SCHEMA + ".sasl_passwd");
            p.setString(2, SCHEMA + ".nodes");
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String pgcryptoSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select n.nspname from pg_extension e"
                + " join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pgcrypto'")) {
            if (!rs.next()) {
                throw new SQLException("the pgcrypto extension is not installed in the panel's database");
            }
            return quoteIdent(rs.getString(1));
        }
    }

    /**
     * The node role: created with {@code password} when missing, else given it; may connect and SELECT the
     * three views, nothing more (the panel's tables grant nothing to anyone). Needs {@code CREATEROLE}.
     */
    static void grantNodeRole(Connection c, String password, String database) throws SQLException {
        if (!password.matches("[A-Za-z0-9_-]{20,}")) {
            throw new IllegalArgumentException("node role password: generated base64url text expected");
        }
        try (Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("select 1 from pg_roles where rolname = '" + NODE_ROLE + "'")) {
                exists = rs.next();
            }
            // DDL takes no parameters; the password is base64url (checked above), so no quote can reach it
            s.execute((exists ? "alter" : "create") + " role " + NODE_ROLE
                    + " login nosuperuser nocreatedb nocreaterole noinherit password '" + password + "'");
            s.execute("grant connect on database " + quoteIdent(database) + " to " + NODE_ROLE);
            s.execute("grant usage on schema " + SCHEMA + " to " + NODE_ROLE);
            for (String view : VIEWS) {
                s.execute("grant select on " + SCHEMA + "." + view + " to " + NODE_ROLE);
            }
        }
    }

    static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
