package io.smarthost.panel.host.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The panel's JDBC database. By default an H2 file under {@code <home>/data/} opened with
 * {@code AUTO_SERVER=TRUE}, so that {@code panel bin} and a running panel share it: the first process
 * serves the file, the others connect to it. {@code [database] url} in panel.ini points elsewhere.
 */
public final class Database implements AutoCloseable {

    private final String url;
    private final DataSource source;
    private final JdbcConnectionPool pool;

    private Database(String url, String user, String password) {
        this.url = url;
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            pool = JdbcConnectionPool.create(h2);
            pool.setMaxConnections(32);
            source = pool;
        } else {
            pool = null;
            source = new DriverManagerSource(url, user, password);
        }
    }

    /** Opens the database and brings its schema to the newest version. */
    public static Database open(String url, String user, String password) {
        Database db = new Database(url, user, password);
        try {
            new Migrations(db).migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** The default URL for a home's data folder. */
    public static String defaultUrl(java.nio.file.Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("panel").toAbsolutePath() + ";AUTO_SERVER=TRUE;DB_CLOSE_DELAY=0";
    }

    public String url() {
        return url;
    }

    public Connection connection() throws SQLException {
        return source.getConnection();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.dispose();
        }
    }

    /** A plain DataSource over DriverManager for non-H2 URLs (no pooling). */
    private record DriverManagerSource(String url, String user, String password) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
