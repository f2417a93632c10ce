package io.smarthost.panel.host.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1 for tests: Debian's {@code postgresql} package
 * ({@code initdb}, {@code pg_ctl} under {@code /usr/lib/postgresql/N/bin}), a free port, its folder
 * under {@code target/pgsql/}, trust authentication for the superuser {@code postgres}. As root the
 * tools run as the {@code postgres} user (PostgreSQL refuses root). A missing package fails the test
 * with what to install: {@code ./panel test} installs it.
 *
 * <p>{@link #shared()} is one cluster per test JVM, stopped at exit; a test that stops and starts the
 * server makes its own with {@link #start()} and closes it.
 */
public final class PostgresCluster implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresCluster shared;

    private final Path bin;
    private final Path base;
    private final int port;

    private PostgresCluster(Path bin, Path base, int port) {
        this.bin = bin;
        this.base = base;
        this.port = port;
    }

    /** The JVM's cluster, started on first use. */
    public static synchronized PostgresCluster shared() {
        if (shared == null) {
            shared = start();
            PostgresCluster stopping = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stopping::close, "pgsql-test-cluster-stop"));
        }
        return shared;
    }

    /** A new cluster of its own (initdb + start, about 2 s). */
    public static PostgresCluster start() {
        Path bin = binaries();
        int port = freePort();
        Path base = Path.of("target", "pgsql", "cluster-" + ProcessHandle.current().pid() + "-" + port).toAbsolutePath();
        try {
            Files.createDirectories(base);
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (isRoot()) {
                run(List.of("chown", "postgres", base.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PostgresCluster cluster = new PostgresCluster(bin, base, port);
        cluster.asPostgres(List.of(bin.resolve("initdb").toString(), "-D", base.resolve("data").toString(), "-A", "trust",
                "-U", "postgres", "-E", "UTF8", "--no-sync"));
        cluster.startServer();
        return cluster;
    }

    public int port() {
        return port;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new empty database on this cluster, for one test. */
    public String createDatabase() {
        String name = "panel_t" + DATABASES.incrementAndGet();
        execute("postgres", "create database " + name);
        return name;
    }

    /** The cluster's files (tables, write-ahead log). */
    public Path dataDirectory() {
        return base.resolve("data");
    }

    /** Runs SQL as the superuser on {@code database}. */
    public void execute(String database, String sql) {
        try (Connection c = DriverManager.getConnection(url(database), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Starts the server (again) on the same port. */
    public void startServer() {
        asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-w", "-t", "60",
                "-l", base.resolve("log").toString(), "-o",
                "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"));
    }

    /** Stops the server at once (open connections are cut), keeping its data. */
    public void stopServer() {
        asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-w", "-m", "fast", "stop"));
    }

    @Override
    public void close() {
        try {
            stopServer();
        } catch (RuntimeException alreadyStopped) {
            // nothing runs: only the folder is left
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover under target/ is harmless
        }
    }

    private void asPostgres(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The newest {@code /usr/lib/postgresql/N/bin} with initdb. */
    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.exists(root) ? Files.list(root) : Stream.empty()) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL's server tools (initdb, pg_ctl) are missing: "
                            + "install Debian's postgresql package (./panel test does)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
