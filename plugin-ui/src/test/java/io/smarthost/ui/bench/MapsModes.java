package io.smarthost.ui.bench;

import static io.smarthost.ui.bench.BenchSupport.awaitLogin;
import static io.smarthost.ui.bench.BenchSupport.deleteTree;
import static io.smarthost.ui.bench.BenchSupport.figure;
import static io.smarthost.ui.bench.BenchSupport.freePort;
import static io.smarthost.ui.bench.BenchSupport.median;
import static io.smarthost.ui.bench.BenchSupport.ms;
import static io.smarthost.ui.bench.BenchSupport.relay;
import static io.smarthost.ui.bench.BenchSupport.stopPanel;

import io.smarthost.panel.host.testing.PostgresCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./panel bench rest SIZES maps}: a one-domain change through REST with the maps in hash files
 * ({@code smarthost.postfix.maps = files}, the panel on H2) and in PostgreSQL ({@code pgsql}, the panel on a
 * throwaway PostgreSQL cluster on 127.0.0.1), each at every size, beside the {@code postmap -i} floor, in one run.
 * A real panel process started by the launcher, domains created with {@code --create-from}, every domain given a
 * relay by one bulk change, then a restart: the first one-domain PUT after it, 1,000 PUTs to warm the JVM, and 61
 * one-domain PUTs (median).
 */
final class MapsModes {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 61);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 1000);
    private static final Path ROOT = Path.of(System.getProperty("bench.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final int size;
    private final boolean pgsql;
    private final Path home;
    private final int port = freePort();
    private final List<String> names = new ArrayList<>();
    private Process panel;
    private String key;

    private MapsModes(int size, boolean pgsql, Path home) {
        this.size = size;
        this.pgsql = pgsql;
        this.home = home;
    }

    static void run(int[] sizes) throws Exception {
        Map<String, String> figures = new LinkedHashMap<>();
        try (PostgresCluster cluster = PostgresCluster.start()) {
            for (int size : sizes) {
                for (boolean pgsql : new boolean[] {false, true}) {
                    Path home = Files.createTempDirectory("smarthost-mapsbench");
                    MapsModes b = new MapsModes(size, pgsql, home);
                    try {
                        if (pgsql) {
                            String db = cluster.createDatabase();
                            b.writeIni(cluster.url(db));
                        }
                        b.measure(figures);
                    } catch (Exception e) {
                        System.err.println("failed; the panel's home (and its panel.log) is kept: " + home);
                        throw e;
                    } finally {
                        b.stop();
                    }
                    deleteTree(home);
                }
            }
        }
        System.out.println("== one-domain change through REST: maps in files and in PostgreSQL");
        figures.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-60s %s%n", k, v));
    }

    /** panel.ini before the first start: the template, the cluster's database, the pgsql maps. */
    private void writeIni(String url) throws IOException {
        String template;
        try (var in = MapsModes.class.getResourceAsStream("/home-template/panel.ini")) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("<home>", home.toString());
        }
        String text = template.replace(";url = jdbc:h2:file:" + home + "/data/panel;AUTO_SERVER=TRUE", "url = " + url)
                .replace(";user = sa", "user = postgres").replace(";password =", "password =")
                .replace(";smarthost.postfix.maps = files", "smarthost.postfix.maps = pgsql")
                .replace(";max_body_kb = 1024", "max_body_kb = 65536");
        if (!text.contains("url = " + url) || !text.contains("smarthost.postfix.maps = pgsql")) {
            throw new IllegalStateException("the panel.ini template changed: cannot set [database] url and the maps");
        }
        Files.writeString(home.resolve("panel.ini"), text);
    }

    private void measure(Map<String, String> figures) throws Exception {
        String mode = pgsql ? "pgsql" : "files";
        start();
        key = bin("apikey", "--create", "-user", "admin").strip();
        bin("user", "--create", "bench", "-role", "customer", "-password-stdin");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < size; i++) {
            names.add("d" + i + ".bench.example");
            text.append(names.get(i)).append(" bench\n");
        }
        Path list = home.resolve("domains.txt");
        Files.writeString(list, text);
        bin("domain", "--create-from", list.toString());
        send("PUT", "/api/v2/plugins/smarthost/server", relay("192.0.2.1", 587, "bench-user", "server secret"), 200);
        if (!pgsql) {
            Path ini = home.resolve("panel.ini");
            Files.writeString(ini, Files.readString(ini).replace(";max_body_kb = 1024", "max_body_kb = 65536"));
        }
        long t = System.nanoTime();
        bulk();
        figures.put(size + " " + mode + ": bulk change of every domain ms", figure(ms(t)));
        stop();
        start();
        t = System.nanoTime();
        send("PUT", "/api/v2/plugins/smarthost/domains/" + names.get(size / 3), relay("192.0.2.99", 2526, "first", "first"), 200);
        figures.put(size + " " + mode + ": first one-domain PUT after a restart ms", figure(ms(t)));
        // then as a running panel serves them: the same change on other domains until the JVM has compiled its
        // path (the first few dozen run interpreted: 54 ms at 100,000 domains in pgsql mode, 11-17 ms after)
        for (int i = 0; i < WARMUP; i++) {
            send("PUT", "/api/v2/plugins/smarthost/domains/" + names.get((i * 104_729 + 1) % size),
                    relay("192.0.2." + (20 + i % 200), 3525 + i, "warm-" + i, "warm " + i), 200);
        }
        double[] one = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            String domain = names.get((i * 7919) % size);
            t = System.nanoTime();
            send("PUT", "/api/v2/plugins/smarthost/domains/" + domain,
                    relay("192.0.2." + (20 + i % 200), 2525 + i, "user-" + i, "secret " + i), 200);
            one[i] = ms(t);
        }
        figures.put(size + " " + mode + ": one-domain PUT ms (median of " + ROUNDS + ")", figure(median(one)));
        if (!pgsql) {
            figures.put(size + " files: floor postmap -i one entry ms (median)", figure(floor()));
            figures.put(size + " files: floor three postmap -i at once, one entry each ms (median)", figure(threeMapFloor()));
        } else {
            // the change is in the rows every node reads: the panel's own main.cf is not touched
            if (Files.exists(home.resolve("mail-sandbox/postfix/smarthost/sender_relay.db"))) {
                throw new IllegalStateException("pgsql mode wrote a hash table");
            }
        }
    }

    private double floor() throws Exception {
        Path relay = home.resolve("mail-sandbox/postfix/smarthost/sender_relay");
        Path copy = Files.createTempDirectory(home, "floor").resolve("sender_relay");
        Files.copy(relay, copy);
        exec(List.of("postmap", "-c", home.resolve("mail-sandbox/postfix").toString(), "hash:" + copy), null);
        double[] one = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            exec(List.of("postmap", "-c", home.resolve("mail-sandbox/postfix").toString(), "-i", "-r", "hash:" + copy),
                    "@floor" + i + ".example [192.0.2.7]:25\n");
            one[i] = ms(t);
        }
        return median(one);
    }

    /**
     * What a one-domain change needs from Postfix in files mode: one entry in each of the three maps (relay,
     * transport, login), the three {@code postmap -i} started together as the apply does, on copies.
     */
    private double threeMapFloor() throws Exception {
        Path dir = Files.createTempDirectory(home, "floor3");
        List<Path> copies = new ArrayList<>();
        for (String map : List.of("sender_relay", "sender_transport", "sasl_passwd")) {
            Path copy = dir.resolve(map);
            Files.copy(home.resolve("mail-sandbox/postfix/smarthost/" + map), copy);
            exec(List.of("postmap", "-c", home.resolve("mail-sandbox/postfix").toString(), "hash:" + copy), null);
            copies.add(copy);
        }
        double[] three = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            List<Process> running = new ArrayList<>();
            for (Path copy : copies) {
                Process p = new ProcessBuilder("postmap", "-c", home.resolve("mail-sandbox/postfix").toString(), "-i", "-r",
                        "hash:" + copy).redirectErrorStream(true).start();
                try (var in = p.getOutputStream()) {
                    in.write(("@floor" + i + ".example x\n").getBytes(StandardCharsets.UTF_8));
                }
                running.add(p);
            }
            for (Process p : running) {
                p.getInputStream().readAllBytes();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("postmap -i failed");
                }
            }
            three[i] = ms(t);
        }
        return median(three);
    }

    private void bulk() throws Exception {
        String r = relay("192.0.2.10", 587, "bulk-user", "bulk secret");
        StringBuilder b = new StringBuilder("{\"domains\":[");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "\"" : ",\"").append(names.get(i)).append('"');
        }
        b.append("],").append(r, 1, r.length());
        HttpResponse<String> reply = raw("POST", "/api/v2/plugins/smarthost/bulk/update", b.toString());
        if (reply.statusCode() == 200) {
            return;
        }
        if (reply.statusCode() != 202) {
            throw new IllegalStateException("bulk: " + reply.statusCode() + " " + reply.body());
        }
        String path = URI.create(reply.headers().firstValue("Location").orElseThrow()).getPath();
        while (true) {
            String state = send("GET", path, null, 200).body();
            if (state.contains("\"state\":\"done\"")) {
                return;
            }
            if (state.contains("\"state\":\"failed\"")) {
                throw new IllegalStateException("bulk job failed: " + state);
            }
            Thread.sleep(50);
        }
    }

    private void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("panel").toString(), "start", "--home", home.toString(),
                "--port", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("panel.log").toFile()));
        pb.environment().put("PANEL_ADMIN_PASSWORD", "bench-admin-password");
        panel = pb.start();
        awaitLogin(panel, home.resolve("panel.log"), 180, () -> raw("GET", "/login", null).statusCode());
    }

    private void stop() throws Exception {
        stopPanel(panel);
    }

    private String bin(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("panel").toString(), "bin", "--home", home.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, "bench-customer-password\n");
    }

    private static String exec(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out);
        }
        return out;
    }

    private HttpResponse<String> send(String method, String path, String body, int expect) throws Exception {
        HttpResponse<String> r = raw(method, path, body);
        if (r.statusCode() != expect) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " "
                    + r.body().substring(0, Math.min(2000, r.body().length())));
        }
        return r;
    }

    private HttpResponse<String> raw(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null && path.startsWith("/api/")) {
            b.header("X-API-Key", key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
