package io.smarthost.panel.host.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import io.smarthost.panel.host.home.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import javax.sql.DataSource;

/**
 * The panel's JDBC database. By default an H2 file under {@code <home>/data/} opened with
 * {@code AUTO_SERVER=TRUE}, so that {@code panel bin} and a running panel share it: the first process
 * serves the file, the others connect to it. That server listens on 127.0.0.1 only and user
 * {@code SA} has a random password kept in {@code data/db.password} (0600; older homes whose database
 * still had the empty password are upgraded on open). {@code [database] url} in panel.ini points
 * elsewhere: a PostgreSQL server ({@code jdbc:postgresql://HOST:PORT/DB}). Connections come from a
 * HikariCP pool on both; the schema is migrated by Flyway ({@link SchemaMigrations}).
 */
public final class Database implements AutoCloseable {

    static {
        // H2 reads this once, when its SysProperties class is first used, and binds the AUTO_SERVER
        // TCP server (started with -tcpAllowOthers) to it: without it, every interface
        System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String EMBEDDED_USER = "sa";

    /** H2's CONNECTION_BROKEN_1, DATABASE_IS_CLOSED, DATABASE_CALLED_AT_SHUTDOWN. */
    private static final java.util.Set<Integer> BROKEN_H2 = java.util.Set.of(ErrorCode.CONNECTION_BROKEN_1,
            ErrorCode.DATABASE_IS_CLOSED, ErrorCode.DATABASE_CALLED_AT_SHUTDOWN);

    private final String url;
    private final String user;
    private final Dialect dialect;
    private final HikariDataSource pool;

    private Database(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.dialect = Dialect.of(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("panel-db");
        config.setJdbcUrl(url);
        config.setDriverClassName(dialect == Dialect.H2 ? "org.h2.Driver" : "org.postgresql.Driver");
        config.setUsername(user);
        config.setPassword(password);
        // a plugin change holds one connection for its row lock and one for its transaction
        config.setMaximumPoolSize(32);
        config.setMinimumIdle(1);
        // a connection that cannot be had (a PostgreSQL server gone, an H2 file a full disk closed): the
        // request fails (503) after 5 s rather than Hikari's 30, and the pool opens new connections by itself
        // once the database is back (DiskFullIT: a read after a refused change waited out its client)
        config.setConnectionTimeout(5_000);
        if (dialect == Dialect.POSTGRESQL) {
            config.addDataSourceProperty("connectTimeout", "5");
            // the row lock of SettingsStore.exclusively waits like H2's LOCK_TIMEOUT in defaultUrl
            config.setConnectionInitSql("set lock_timeout = '120s'");
        }
        if (dialect == Dialect.H2) {
            // H2 reports a lost AUTO_SERVER peer or a database closed after a failed write with its own codes
            // (not SQLSTATE 08...): such a connection leaves the pool at once, the next one reopens the file
            config.setExceptionOverride(new SQLExceptionOverride() {
                @java.lang.Override
                public Override adjudicate(java.sql.SQLException e) {
                    return BROKEN_H2.contains(e.getErrorCode()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
                }
            });
        }
        // fail at once (no pool without a first connection): a wrong URL or login stops the start
        config.setInitializationFailTimeout(1);
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw cannotConnect(url, user, e);
        }
    }

    /** Opens the database and brings its schema to the newest version. */
    public static Database open(String url, String user, String password) {
        Database db = new Database(url, user, password);
        try {
            new SchemaMigrations(db).migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** One line for people: which setting, what the server said (never the password). */
    private static DatabaseConfigException cannotConnect(String url, String user, RuntimeException e) {
        Throwable root = e;
        java.sql.SQLException sql = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            root = t;
            if (t instanceof java.sql.SQLException s && sql == null) {
                sql = s;
            }
        }
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String what;
        if (state.startsWith("28")) {
            what = "the server refused the login of user '" + user + "' (check [database] user and password)";
        } else if (state.equals("3D000")) {
            what = "no such database on the server";
        } else if (state.startsWith("08")) {
            what = "cannot reach the database server";
        } else {
            what = "cannot open the database";
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // the driver's own words may repeat the URL (PostgreSQL's "claims to not accept jdbcUrl, ..."): the exception
        // masks its whole message
        return new DatabaseConfigException("[database] url = " + printable(url) + ": " + what + ": " + oneLine(why), e);
    }

    /**
     * A URL, or a text holding one, without the passwords given in it: {@code ?password=...} and the
     * {@code user:password@} before a host ({@code jdbc:postgresql://u:secret@h/db} is {@code jdbc:postgresql://u:***@h/db},
     * and so is the {@code u:secret@h} the PostgreSQL driver quotes as a host name).
     */
    public static String printable(String url) {
        return url == null ? "" : url.replaceAll("(?i)(password=)[^&;\\s]*", "$1***")
                .replaceAll("([^/@:\\s]+:)[^@/\\s]+@", "$1***@");
    }

    static String oneLine(String text) {
        String line = text.replaceAll("\\s*[\r\n]+\\s*", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /**
     * Opens the home's embedded H2 database with the password of {@code passwordFile}, generating it
     * on first run and setting it on a database made before passwords were used.
     */
    public static Database openEmbedded(Path dataDir, Path passwordFile) {
        String url = defaultUrl(dataDir);
        boolean existed = Files.exists(dataDir.resolve("panel.mv.db"));
        String password = PrivateFiles.readOrCreate(passwordFile, Database::randomPassword).strip();
        if (password.isEmpty()) {
            throw new IllegalStateException(passwordFile + " is empty: restore it from a backup (or delete it if the "
                    + "database still has the empty password, it is then upgraded)");
        }
        if (existed) {
            upgradeEmptyPassword(url, password, passwordFile);
        }
        Database db = open(url, EMBEDDED_USER, password);
        // once, not in the URL: H2 runs a URL's SET for every connection, and SET CACHE_SIZE empties the cache
        try (Connection c = db.connection(); Statement st = c.createStatement();
             java.sql.ResultSet r = st.executeQuery("select setting_value from information_schema.settings"
                     + " where setting_name = 'CACHE_SIZE'")) {
            if (!r.next() || !Integer.toString(CACHE_KB).equals(r.getString(1))) {
                st.execute("SET CACHE_SIZE " + CACHE_KB); // persistent: every later opening of the file keeps it
            }
        } catch (SQLException e) {
            LOG.warn("could not set the database's page cache: {}", e.getMessage());
        }
        return db;
    }

    /** A database made by an older panel has user SA with an empty password: set ours. */
    private static void upgradeEmptyPassword(String url, String password, Path passwordFile) {
        try (Connection ok = DriverManager.getConnection(url, EMBEDDED_USER, password)) {
            return;
        } catch (SQLException wrong) {
            if (wrong.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw new IllegalStateException("cannot open the panel database " + printable(url) + ": " + printable(wrong.getMessage()), wrong);
            }
            try (Connection old = DriverManager.getConnection(url, EMBEDDED_USER, "");
                 Statement st = old.createStatement()) {
                // DDL takes no parameters; the password is base64url (no quote), doubled quotes all the same
                st.execute("ALTER USER " + EMBEDDED_USER + " SET PASSWORD '" + password.replace("'", "''") + "'");
                LOG.info("The panel database had an empty password; it now uses the one in {}", passwordFile);
            } catch (SQLException stillWrong) {
                throw new IllegalStateException("the panel database refuses the password in " + passwordFile
                        + " (and the empty one): put the right password back in that file", stillWrong);
            }
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n";
    }

    /**
     * The embedded database's page cache, in KB. H2's default (16 MB) filled at the start of a panel with
     * 100,000 relayed domains (13 MB held: its walks read every row once) and, with the heap kept 25-30% free
     * above what is live, kept about 15 MB more resident at rest (RSS 160-168 MB against 146-158 MB with 4 MB,
     * trial home, three restarts each). Measured with 4 MB, same hour, within the machine's spread: bulk changes
     * and repairs of 100,000 domains, one-domain changes, creating 100,000 domains from a file (11.5 s against
     * 12.7 s). Set by {@link #openEmbedded} when the database says otherwise; H2 keeps it in the file.
     */
    static final int CACHE_KB = 4096;

    /**
     * The default URL for a home's data folder. {@code LOCK_TIMEOUT}: a plugin change transaction holds
     * a row lock while its mail server applies (the smarthost plugin's {@code state.applylock}), so a
     * second process (CLI beside the server) waits for it instead of failing after H2's 2 s default;
     * 120 s covers two 60 s mail-server command timeouts. {@code WRITE_DELAY=0}: a commit reaches the
     * file before it returns (H2's default keeps it in memory for up to 500 ms, so a crash or a full
     * disk right after an acknowledged change lost it). The page cache ({@link #CACHE_KB}) is not set here: H2 runs a
     * URL's settings for every connection it opens, and setting the cache size empties the cache.
     */
    public static String defaultUrl(java.nio.file.Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("panel").toAbsolutePath()
                + ";AUTO_SERVER=TRUE;DB_CLOSE_DELAY=0;LOCK_TIMEOUT=120000;WRITE_DELAY=0";
    }

    public String url() {
        return url;
    }

    /** The role the panel logs in as. */
    public String user() {
        return user;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** The pool, for tools that take a DataSource (Flyway). */
    DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
