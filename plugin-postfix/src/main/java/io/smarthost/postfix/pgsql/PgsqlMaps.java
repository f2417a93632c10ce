package io.smarthost.postfix.pgsql;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.UnicodeKeys;
import io.smarthost.core.relay.Relay;
import io.smarthost.postfix.render.MapEntry;
import io.smarthost.postfix.render.MapKind;
import io.smarthost.postfix.render.RelayRendering;
import io.smarthost.postfix.render.SafeValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rows of the three relay maps in {@code smarthost.maps}, written on the store transaction's
 * connection, so that Postfix nodes see a change whole or not at all, at their next lookup: a one-domain
 * change deletes and inserts that domain's rows (no postmap, no reload); a full one rewrites every row.
 * Logins are stored as {@code pgp_sym_encrypt(user:password, map key)} and never in clear.
 */
final class PgsqlMaps {
    /** The map key is random text, not a passphrase: one salted hash is enough (no slow key stretching). */
    private static final String CIPHER = "cipher-algo=aes256, s2k-mode=1";
    private static final int BATCH = 1000;
    /** Changes naming more domains than this rewrite every row in one streamed pass. */
    static final int INCREMENTAL_LIMIT = 64;

    private final String mapKey;

    PgsqlMaps(String mapKey) {
        this.mapKey = mapKey;
    }

    /** Writes what {@code changes} names; returns what was done. */
    List<String> write(Connection c, DesiredState desired, ChangeSet changes) throws BackendException, SQLException {
        String crypto = PgsqlSchema.ensure(c);
        List<String> done = new ArrayList<>();
        Optional<Relay> server = desired.server();
        if (server.isPresent()) {
            SafeValues.checkRelay("server-wide relay", server.get());
        }
        try (PreparedStatement plain = c.prepareStatement("insert into " + PgsqlSchema.SCHEMA + ".maps (map, k, v) values (?, ?, ?)");
             PreparedStatement sealed = c.prepareStatement("insert into " + PgsqlSchema.SCHEMA + ".maps (map, k, secret) values (?, ?, "
                     + crypto + ".pgp_sym_encrypt(?, ?, '" + CIPHER + "'))")) {
            Rows rows = new Rows(plain, sealed);
            // past a few domains one streamed pass over the settings is cheaper than reading each domain on its own
            // (1,000 single reads took 8 s on a loaded machine; the streamed pass of 100,000 is one query)
            boolean rewrite = changes.full() || changes.senderDomains().size() > INCREMENTAL_LIMIT;
            if (rewrite || !(server.isPresent() || desired.hasDomains())) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("delete from " + PgsqlSchema.SCHEMA + ".maps");
                }
                server.ifPresent(s -> serverRows(s, rows));
                BackendException[] failure = new BackendException[1];
                desired.forEachDomain((domain, relay) -> {
                    if (failure[0] == null) {
                        try {
                            domainRows(domain, relay, rows);
                        } catch (BackendException e) {
                            failure[0] = e;
                        }
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
                rows.flush();
                done.add("pgsql maps: every row written (" + rows.count + " rows)");
                return done;
            }
            if (changes.server()) {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("delete from " + PgsqlSchema.SCHEMA + ".maps where map = 'sasl_passwd' and k not like '@%'");
                }
                server.ifPresent(s -> serverRows(s, rows));
            }
            if (!changes.senderDomains().isEmpty()) {
                try (PreparedStatement delete = c.prepareStatement("delete from " + PgsqlSchema.SCHEMA
                        // the map named: an index range per map (primary key (map, k)), not a scan of every row
                        + ".maps where map in ('sender_relay', 'sender_transport', 'sasl_passwd') and k = ?")) {
                    int n = 0;
                    for (String domain : changes.senderDomains()) {
                        SafeValues.checkSenderDomain(domain);
                        delete.setString(1, "@" + domain);
                        delete.addBatch();
                        if (++n % BATCH == 0) {
                            delete.executeBatch();
                        }
                        String unicode = UnicodeKeys.ofDomain(domain);
                        if (unicode != null) {
                            for (String key : List.of(unicode, asLatin1(unicode))) {
                                delete.setString(1, key);
                                delete.addBatch();
                                if (++n % BATCH == 0) {
                                    delete.executeBatch();
                                }
                            }
                        }
                    }
                    delete.executeBatch();
                }
                for (String domain : changes.senderDomains()) {
                    Optional<Relay> relay = desired.domain(domain);
                    if (relay.isPresent()) {
                        domainRows(domain, relay.get(), rows);
                    }
                }
            }
            rows.flush();
            done.add("pgsql maps: " + changes.senderDomains().size() + " domain(s)" + (changes.server() ? " and the server login" : "")
                    + " written in the panel's transaction (" + rows.count + " rows; no postmap, no reload)");
            return done;
        } catch (Rows.Failed e) {
            throw e.sql;
        }
    }

    private static void serverRows(Relay server, Rows rows) {
        RelayRendering.serverEntry(MapKind.SASL_PASSWD, server).ifPresent(e -> rows.add(MapKind.SASL_PASSWD, e));
    }

    private static void domainRows(String domain, Relay relay, Rows rows) throws BackendException {
        SafeValues.checkSenderDomain(domain);
        SafeValues.checkRelay("relay of " + domain, relay);
        for (MapKind kind : MapKind.values()) {
            RelayRendering.domainEntry(kind, domain, relay).ifPresent(e -> rows.add(kind, e));
            // an IDN domain's Unicode key (@bücher.example), which Postfix looks up for a sender written in Unicode,
            // in UTF-8 (Postfix 3.8 and later) and as Postfix 3.7 sends it (asLatin1)
            if (domain.contains("xn--")) {
                RelayRendering.unicodeDomainEntry(kind, domain, relay).ifPresent(e -> {
                    rows.add(kind, e);
                    rows.add(kind, new MapEntry(asLatin1(e.key()), e.value()));
                });
            }
        }
    }

    /**
     * A key as the database receives it from Postfix before 3.8: its pgsql client declares its bytes LATIN1 (fixed;
     * the {@code encoding} setting came with 3.8, whose default is UTF8), so the server reads each byte of a UTF-8 key
     * as one character: {@code @bücher.example} arrives as {@code @bÃ¼cher.example}. Seen on Postfix 3.7: a Unicode
     * sender found no UTF-8 row. Such a row never matches another key: a name the panel keeps has no {@code ¼}.
     */
    static String asLatin1(String key) {
        return new String(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Batched inserts; a SQL failure inside a lambda travels as {@link Failed}. */
    private final class Rows {
        private final PreparedStatement plain;
        private final PreparedStatement sealed;
        private int pendingPlain;
        private int pendingSealed;
        long count;

        Rows(PreparedStatement plain, PreparedStatement sealed) {
            this.plain = plain;
            this.sealed = sealed;
        }

        void add(MapKind kind, MapEntry e) {
            try {
                if (kind.secret()) {
                    sealed.setString(1, kind.file());
                    sealed.setString(2, e.key());
                    sealed.setString(3, e.value());
                    sealed.setString(4, mapKey);
                    sealed.addBatch();
                    if (++pendingSealed == BATCH) {
                        sealed.executeBatch();
                        pendingSealed = 0;
                    }
                } else {
                    plain.setString(1, kind.file());
                    plain.setString(2, e.key());
                    plain.setString(3, e.value());
                    plain.addBatch();
                    if (++pendingPlain == BATCH) {
                        plain.executeBatch();
                        pendingPlain = 0;
                    }
                }
                count++;
            } catch (SQLException ex) {
                throw new Failed(ex);
            }
        }

        void flush() throws SQLException {
            plain.executeBatch();
            sealed.executeBatch();
        }

        static final class Failed extends RuntimeException {
            final SQLException sql;

            Failed(SQLException sql) {
                super(sql);
                this.sql = sql;
            }
        }
    }

    /**
     * The server-wide generation for {@code fingerprint} (what main.cf and master.cf hold on every node):
     * moved on, in this transaction, when the fingerprint differs from the last one recorded.
     */
    static long serverGeneration(Connection c, String fingerprint) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("select generation, fingerprint from " + PgsqlSchema.SCHEMA
                + ".server where id = 1 for update")) {
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    long generation = rs.getLong(1);
                    if (fingerprint.equals(rs.getString(2))) {
                        return generation;
                    }
                    try (PreparedStatement u = c.prepareStatement("update " + PgsqlSchema.SCHEMA
                            + ".server set generation = ?, fingerprint = ? where id = 1")) {
                        u.setLong(1, generation + 1);
                        u.setString(2, fingerprint);
                        u.executeUpdate();
                    }
                    return generation + 1;
                }
            }
        }
        try (PreparedStatement i = c.prepareStatement("insert into " + PgsqlSchema.SCHEMA
                + ".server (id, generation, fingerprint) values (1, 1, ?)")) {
            i.setString(1, fingerprint);
            i.executeUpdate();
        }
        return 1;
    }
}
