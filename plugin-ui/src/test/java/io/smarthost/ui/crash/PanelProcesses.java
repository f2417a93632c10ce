package io.smarthost.ui.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A panel home driven the way an admin drives it: {@code panel start} and {@code panel bin} as real
 * processes of the built host jar with the built plugin file in {@code plugins/}, the REST API over
 * 127.0.0.1 with an API key. Processes can be killed with SIGKILL at any instant.
 *
 * <p>{@link #slowPostmap(long)} puts a {@code postmap} stand-in that waits before running the real one
 * in a folder of the test's own, named by panel.ini for this home only
 * ({@code smarthost.postfix.command_directory}): no machine-wide binary is replaced.
 */
final class PanelProcesses implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN_PASSWORD = "crash-test-admin-1";

    /** The home as the panel's processes see it. */
    final Path home;
    /** The same folder as this test sees it (differs in a mount namespace of its own). */
    final Path homeView;
    private final List<String> prefix;
    final Path hostJar;
    final Path pluginZip;
    final int port;
    private final Path logDir;
    private Process server;
    private String apiKey;
    private int serverStarts;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    PanelProcesses(Path base) throws IOException {
        this(base, base.resolve("home"), base.resolve("home"), List.of());
    }

    /**
     * @param home     where the panel's processes find the home
     * @param homeView the same folder for this test
     * @param prefix   what each process is started through (e.g. {@code nsenter -t PID -m --})
     */
    PanelProcesses(Path base, Path home, Path homeView, List<String> prefix) throws IOException {
        String zip = System.getProperty("smarthost.pluginZip");
        assertNotNull(zip, "run through Maven (failsafe sets smarthost.pluginZip)");
        this.pluginZip = Path.of(zip);
        Path root = pluginZip.toAbsolutePath().getParent().getParent().getParent();
        try (Stream<Path> jars = Files.list(root.resolve("panel-stub/panel-host/target"))) {
            this.hostJar = jars.filter(p -> p.getFileName().toString().matches("panel-host-.*\\.jar")
                    && !p.getFileName().toString().endsWith("-tests.jar")).findFirst().orElseThrow(
                    () -> new IllegalStateException("build the panel host first (mvn package)"));
        }
        this.home = home;
        this.homeView = homeView;
        this.prefix = List.copyOf(prefix);
        // kept after the test (target/crash-logs/...), so that a failure can be read
        this.logDir = pluginZip.toAbsolutePath().getParent().resolve("crash-logs").resolve(base.getFileName().toString());
        Files.createDirectories(logDir);
        Files.createDirectories(homeView.resolve("plugins"));
        Files.copy(pluginZip, homeView.resolve("plugins").resolve(pluginZip.getFileName()));
        this.port = freePort();
        Run first = cli("domain", "--list");
        assertEquals(0, first.exit(), first.err());
    }

    /** The postmap stand-in: waits {@code millis}, then runs the real one unless the panel died meanwhile. */
    void slowPostmap(long millis) throws IOException {
        Path bin = home.resolve("postfix-bin");
        Path binView = homeView.resolve("postfix-bin");
        Files.createDirectories(binView);
        for (String tool : List.of("postconf", "postfix", "postqueue")) {
            Files.deleteIfExists(binView.resolve(tool));
            Files.createSymbolicLink(binView.resolve(tool), Path.of("/usr/sbin").resolve(tool));
        }
        Path postmap = binView.resolve("postmap");
        Files.writeString(postmap, "#!/bin/sh\n"
                + "# a slow postmap for the crash test: the window in which a kill leaves a change half-applied\n"
                + "parent=$PPID\n"
                + "sleep " + (millis / 1000.0) + "\n"
                + "# the panel was killed while we waited: do what a postmap killed with it would do, nothing\n"
                + "kill -0 \"$parent\" 2>/dev/null || exit 1\n"
                + "exec /usr/sbin/postmap \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(postmap, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(homeView.resolve("panel.ini"), Files.readString(homeView.resolve("panel.ini"))
                + "\n[mail]\nsmarthost.postfix.command_directory = " + bin + "\n");
    }

    /** The sandbox Postfix folder as the panel's processes (and {@link #command}) see it. */
    Path postfixDir() {
        return home.resolve("mail-sandbox/postfix");
    }

    /** {@code argv} as it must be run to see what the panel's processes see. */
    List<String> command(String... argv) {
        List<String> out = new ArrayList<>(prefix);
        out.addAll(List.of(argv));
        return out;
    }

    // ---- the CLI ---------------------------------------------------------------------------

    record Run(int exit, String out, String err, boolean killed) {
    }

    Process startCli(String stdin, String... args) throws IOException {
        List<String> argv = command("java", "-jar", hostJar.toString(), "bin", "--home", home.toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("PANEL_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.redirectOutput(logDir.resolve("cli.out").toFile()).redirectError(logDir.resolve("cli.err").toFile());
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        return p;
    }

    Run cli(String... args) throws IOException {
        return cliWithStdin(null, args);
    }

    Run cliWithStdin(String stdin, String... args) throws IOException {
        Process p = startCli(stdin, args);
        return await(p, Duration.ofSeconds(120), false);
    }

    Run await(Process p, Duration limit, boolean killed) throws IOException {
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("panel bin did not finish in " + limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Run(p.exitValue(), Files.readString(logDir.resolve("cli.out")), Files.readString(logDir.resolve("cli.err")),
                killed);
    }

    // ---- the server ------------------------------------------------------------------------

    void startServer() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command("java", "-jar", hostJar.toString(), "start", "--home",
                home.toString(), "--port", Integer.toString(port)));
        pb.environment().put("PANEL_ADMIN_PASSWORD", ADMIN_PASSWORD);
        serverStarts++;
        pb.redirectOutput(logDir.resolve("server-" + serverStarts + ".out").toFile()).redirectErrorStream(true);
        server = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("the panel did not start: " + serverLog());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/login"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the panel did not answer in 60 s: " + serverLog());
    }

    String serverLog() {
        try {
            return Files.readString(logDir.resolve("server-" + serverStarts + ".out"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGKILL: no shutdown hook, no closing of the database. */
    void killServer() throws InterruptedException {
        if (server != null) {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
            server = null;
        }
    }

    /** SIGTERM: the panel closes in order. */
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            server = null;
        }
    }

    boolean serverRunning() {
        return server != null && server.isAlive();
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String apiKey() throws IOException {
        if (apiKey == null) {
            Run r = cli("apikey", "--create", "-user", "admin");
            assertEquals(0, r.exit(), r.err());
            apiKey = r.out().strip().lines().reduce((a, b) -> b).orElseThrow().strip();
        }
        return apiKey;
    }

    record Answer(int status, JsonNode json, String body) {
    }

    Answer api(String method, String path, String body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/api/v2/plugins/smarthost/" + path))
                .timeout(timeout).header("X-API-Key", apiKey()).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException notJson) {
            // an HTML error page
        }
        return new Answer(r.statusCode(), json, r.body());
    }

    java.util.concurrent.CompletableFuture<HttpResponse<String>> apiAsync(String method, String path, String body)
            throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/v2/plugins/smarthost/" + path))
                .timeout(Duration.ofSeconds(120)).header("X-API-Key", apiKey()).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        killServer();
    }
}
