package io.smarthost.postfix.pgsql;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.MailNodes;
import io.smarthost.core.relay.Relay;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.DatabaseServer;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import io.smarthost.postfix.PostfixSettings;
import io.smarthost.postfix.apply.Layout;
import io.smarthost.postfix.apply.PgsqlConfig;
import io.smarthost.postfix.apply.PostfixCommands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code [mail] smarthost.postfix.maps = pgsql}: the sender-dependent relay, transport and login maps are
 * rows of the panel's PostgreSQL database ({@link PgsqlMaps}) that every Postfix node reads through
 * {@code pgsql:} tables; main.cf and master.cf (server-wide settings) are written with the files mode's
 * engine ({@link PgsqlConfig}) on the panel's own configuration folder at each change and on a node by
 * {@code --node-setup}/{@code --node-sync}, and a server-wide generation tells which nodes lag.
 */
public final class PgsqlMode {
    /**
     * The plugin store's entry of the node role's password (sealed by the panel's secret box). The {@code *}
     * makes the store seal it; the {@code :} keeps it out of the domains' secrets ({@code *<domain>}): no
     * domain name holds one.
     */
    static final String ROLE_PASSWORD = "*:nodes.role-password";
    /**
     * Where earlier releases kept it: the secret key of a domain named {@code nodes.role-password}, which
     * that domain's deletion or relay change would have taken. Read once and moved.
     */
    static final String ROLE_PASSWORD_BEFORE = "*nodes.role-password";
    static final String MAP_KEY_FILE = "pgsql-map.key";

    private final HostServices host;
    private final PostfixSettings settings;
    private final PostfixCommands commands;

    public PgsqlMode(HostServices host, PostfixSettings settings) {
        this.host = host;
        this.settings = settings;
        this.commands = new PostfixCommands(settings.commands(), settings.commandDir(), settings.timeout());
    }

    /** Why this mode cannot run on this panel (its database is not PostgreSQL), naming the setting. */
    public Optional<String> problem() {
        if (host.store().databaseServer().isEmpty()) {
            return Optional.of("[mail] smarthost.postfix.maps = pgsql needs the panel's database on a PostgreSQL server"
                    + " ([database] url = jdbc:postgresql://HOST:PORT/DB); this panel uses the embedded database:"
                    + " set smarthost.postfix.maps = files, or move the panel with panel bin database --migrate-to");
        }
        return Optional.empty();
    }

    private DatabaseServer server() throws BackendException {
        Optional<String> problem = problem();
        if (problem.isPresent()) {
            throw new BackendException("configuration", problem.get());
        }
        return host.store().databaseServer().orElseThrow();
    }

    /**
     * Writes the map rows in the store's transaction (joining the caller's: the pipeline applies inside one),
     * and main.cf/master.cf of the panel's own folder when the server-wide settings moved on.
     */
    public ApplyReport apply(DesiredState desired, ChangeSet changes) throws BackendException {
        long start = System.nanoTime();
        DatabaseServer db = server();
        return sql(tx -> {
            Connection c = connection(tx);
            List<String> steps = new ArrayList<>(new PgsqlMaps(mapKey()).write(c, desired, changes));
            Optional<Relay> relay = desired.server();
            boolean anyDomain = desired.hasDomains();
            long before = currentGeneration(c);
            long generation = PgsqlMaps.serverGeneration(c, PgsqlConfig.fingerprint(settings.caFile(), relay, anyDomain));
            Path dir = settings.configDir();
            boolean filesMissing = !Files.isRegularFile(PgsqlConfig.tableFile(dir, io.smarthost.postfix.render.MapKind.SASL_PASSWD));
            if (generation != before || changes.full() || filesMissing) {
                steps.add("server-wide generation " + generation);
                steps.addAll(NodeFiles.write(dir, db, rolePassword(tx, c, db), mapKey(), PgsqlSchema.ensure(c)));
                steps.addAll(new PgsqlConfig(new Layout(dir), commands, settings.caFile()).apply(relay, anyDomain));
            }
            return new ApplyReport(true, steps, List.of(), Duration.ofNanos(System.nanoTime() - start));
        });
    }

    /** The self-check: main.cf of the panel's folder, every map row, the nodes' generations ({@link PgsqlVerifier}). */
    public io.smarthost.core.backend.Verification verify(DesiredState desired) throws BackendException {
        server();
        return sql(tx -> PgsqlVerifier.verify(connection(tx), mapKey(), settings.configDir(), settings.caFile(), desired));
    }

    /**
     * The files mode's preview with the three map parameters as this mode writes them ({@code pgsql:} tables):
     * a line that proposes a {@code hash:} table proposes the {@code pgsql:} one instead, kept when it is there.
     * Its map entries must have been compared with this mode's rows ({@link #currentEntries}).
     */
    public static io.smarthost.core.backend.Preview preview(io.smarthost.core.backend.Preview files, Path configDir) {
        List<io.smarthost.core.backend.Preview.Line> lines = new ArrayList<>();
        for (var line : files.lines()) {
            var kind = java.util.Arrays.stream(io.smarthost.postfix.render.MapKind.values())
                    .filter(k -> k.parameter().equals(line.setting())).findFirst();
            if (kind.isPresent() && line.proposed().startsWith("hash:")) {
                String proposed = "pgsql:" + PgsqlConfig.tableFile(configDir, kind.get());
                lines.add(new io.smarthost.core.backend.Preview.Line(line.setting(), line.current(), proposed,
                        line.current().equals(proposed) ? io.smarthost.core.backend.Preview.Action.KEEP : line.action()));
            } else {
                lines.add(line);
            }
        }
        return new io.smarthost.core.backend.Preview(lines, files.takesOverManual(), files.drift());
    }

    /**
     * The current rows of {@code kind} for {@code keys}, logins decrypted (for the preview, which masks them):
     * what the nodes read, where the files mode's preview reads its text maps (which this mode does not write).
     */
    public java.util.Map<String, String> currentEntries(io.smarthost.postfix.render.MapKind kind,
                                                         java.util.Collection<String> keys) throws BackendException {
        server();
        return sql(tx -> {
            Connection c = connection(tx);
            String crypto = PgsqlSchema.ensure(c);
            java.util.Map<String, String> out = new java.util.HashMap<>();
            try (java.sql.PreparedStatement p = c.prepareStatement("select k, coalesce(v, " + crypto
                    + ".pgp_sym_decrypt(secret, ?)) from " + PgsqlSchema.SCHEMA + ".maps where map = ? and k = any(?)")) {
                p.setString(1, mapKey());
                p.setString(2, kind.file());
                p.setArray(3, c.createArrayOf("varchar", keys.toArray()));
                try (java.sql.ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    /** The nodes: set up, synchronised, listed. */
    public MailNodes nodes() {
        return new PgsqlNodes(this);
    }

    List<String> setupNode(Path dir, String name, DesiredState desired) throws BackendException {
        DatabaseServer db = server();
        return sql(tx -> {
            Connection c = connection(tx);
            String crypto = PgsqlSchema.ensure(c);
            List<String> done = new ArrayList<>(NodeFiles.write(dir, db, rolePassword(tx, c, db), mapKey(), crypto));
            done.addAll(syncNode(c, dir, name, desired));
            Files.writeString(nodeNameFile(dir), name + "\n");
            return done;
        });
    }

    List<String> syncNode(Path dir, DesiredState desired) throws BackendException {
        server();
        Path file = nodeNameFile(dir);
        if (!Files.isRegularFile(file)) {
            throw new BackendException("node", dir + " is not a node's folder (no " + file.getFileName()
                    + "): set it up first with panel bin smarthost --node-setup -config-directory " + dir);
        }
        return sql(tx -> {
            String name = Files.readString(file).strip();
            return syncNode(connection(tx), dir, name, desired);
        });
    }

    private List<String> syncNode(Connection c, Path dir, String name, DesiredState desired)
            throws BackendException, SQLException {
        Optional<Relay> relay = desired.server();
        boolean anyDomain = desired.hasDomains();
        long generation = PgsqlMaps.serverGeneration(c, PgsqlConfig.fingerprint(settings.caFile(), relay, anyDomain));
        List<String> done = new ArrayList<>(new PgsqlConfig(new Layout(dir), commands, settings.caFile()).apply(relay, anyDomain));
        try (var p = c.prepareStatement("insert into " + PgsqlSchema.SCHEMA + ".nodes (name, config_directory, generation,"
                + " last_contact) values (?, ?, ?, now()) on conflict (name) do update set config_directory ="
                + " excluded.config_directory, generation = excluded.generation, last_contact = excluded.last_contact")) {
            p.setString(1, name);
            p.setString(2, dir.toAbsolutePath().normalize().toString());
            p.setLong(3, generation);
            p.executeUpdate();
        }
        done.add("node " + name + ": server-wide generation " + generation + " applied and recorded");
        return done;
    }

    MailNodes.Fleet fleet() {
        if (problem().isPresent()) {
            return new MailNodes.Fleet(0, List.of());
        }
        try {
            return sql(tx -> {
                Connection c = connection(tx);
                PgsqlSchema.ensure(c);
                long current = currentGeneration(c);
                List<MailNodes.Node> nodes = new ArrayList<>();
                try (var s = c.createStatement(); var rs = s.executeQuery("select name, config_directory, generation,"
                        + " last_contact from " + PgsqlSchema.SCHEMA + ".nodes order by name")) {
                    while (rs.next()) {
                        long g = rs.getLong(3);
                        nodes.add(new MailNodes.Node(rs.getString(1), rs.getString(2), g,
                                Optional.ofNullable(rs.getTimestamp(4)).map(java.sql.Timestamp::toInstant), g < current));
                    }
                }
                return new MailNodes.Fleet(current, nodes);
            });
        } catch (BackendException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static long currentGeneration(Connection c) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("select generation from " + PgsqlSchema.SCHEMA + ".server where id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static Path nodeNameFile(Path dir) {
        return dir.toAbsolutePath().normalize().resolve("smarthost-node");
    }

    /** The node role's password: made once and kept sealed in the plugin's store; the role is (re)granted. */
    private static String rolePassword(SettingsStore.Transaction tx, Connection c, DatabaseServer db) throws SQLException {
        String password = storedRolePassword(tx);
        PgsqlSchema.grantNodeRole(c, password, db.database());
        return password;
    }

    /**
     * The role's password from the store; moved from its earlier key when it is there and no domain of that
     * name has settings (whose password that key would then be); else a new one. Stored under
     * {@link #ROLE_PASSWORD} either way.
     */
    static String storedRolePassword(SettingsStore.Transaction tx) {
        Optional<Secret> stored = tx.getSecret(ROLE_PASSWORD);
        if (stored.isPresent()) {
            return stored.get().reveal();
        }
        Optional<Secret> before = tx.get("@" + ROLE_PASSWORD_BEFORE.substring(1)).isEmpty()
                ? tx.getSecret(ROLE_PASSWORD_BEFORE) : Optional.empty();
        before.ifPresent(s -> tx.delete(ROLE_PASSWORD_BEFORE));
        String password = before.map(Secret::reveal).orElseGet(() -> random(24));
        tx.putSecret(ROLE_PASSWORD, Secret.of(password));
        return password;
    }

    /**
     * The map key that seals the logins in the database: {@code <home>/data/plugins/smarthost/pgsql-map.key}
     * (0600), made on first use; only the panel and the nodes' table files hold it.
     */
    String mapKey() throws IOException {
        Path file = host.panel().pluginDataDir().resolve(MAP_KEY_FILE);
        if (!Files.isRegularFile(file)) {
            Files.createDirectories(file.getParent());
            Path staged = file.resolveSibling(MAP_KEY_FILE + ".new");
            Files.deleteIfExists(staged);
            Files.createFile(staged, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(staged, random(32) + "\n");
            try {
                Files.move(staged, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                Files.deleteIfExists(staged);
            }
        }
        String key = Files.readString(file).strip();
        if (!key.matches("[A-Za-z0-9_-]{20,}")) {
            throw new IOException(file + " does not hold a map key (base64url text): restore it from a backup");
        }
        return key;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static Connection connection(SettingsStore.Transaction tx) throws BackendException {
        return tx.connection().orElseThrow(() -> new BackendException("database",
                "the panel's store gives no database connection; [mail] smarthost.postfix.maps = pgsql needs PostgreSQL"));
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(SettingsStore.Transaction tx) throws BackendException, SQLException, IOException;
    }

    /** Runs {@code work} in the store's transaction (the caller's, when one is open on this thread). */
    private <T> T sql(SqlWork<T> work) throws BackendException {
        try {
            return host.store().inTransaction(tx -> {
                try {
                    return work.run(tx);
                } catch (SQLException e) {
                    throw new BackendException("database", "the panel's database refused the maps: " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new BackendException("write", e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                }
            });
        } catch (RuntimeException e) {
            throw new BackendException("database", "the panel's database failed: " + e.getMessage(), e);
        }
    }
}
