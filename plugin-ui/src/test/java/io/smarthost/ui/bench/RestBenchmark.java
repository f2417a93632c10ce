package io.smarthost.ui.bench;

import static io.smarthost.ui.bench.BenchSupport.awaitLogin;
import static io.smarthost.ui.bench.BenchSupport.bulkBody;
import static io.smarthost.ui.bench.BenchSupport.deleteTree;
import static io.smarthost.ui.bench.BenchSupport.figure;
import static io.smarthost.ui.bench.BenchSupport.freePort;
import static io.smarthost.ui.bench.BenchSupport.median;
import static io.smarthost.ui.bench.BenchSupport.ms;
import static io.smarthost.ui.bench.BenchSupport.relay;
import static io.smarthost.ui.bench.BenchSupport.stopPanel;

import io.smarthost.ui.delivery.SandboxPostfix;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The panel as users reach it: a real panel process started by the launcher ({@code ./panel start}, so
 * with the launcher's heap settings), domains created with {@code panel bin domain --create-from}, and
 * everything else timed through REST with an API key (and the Smarthosts page with a session), client
 * wall time; the process's RSS read with {@code ps}; the Postfix floors measured in the same run on
 * copies of the maps the panel wrote.
 *
 * <p>Run: {@code ./panel bench rest [SIZES]}. Prints one block per size, then fails (exit 1) when the
 * memory bounds are exceeded: RSS idle after start (before and after every domain has a relay) above
 * {@value #IDLE_RSS_MB} MB, or three seconds after the first two bulk changes or after all of them above
 * {@value #BUSY_RSS_MB} MB (the memory regression check). The RSS as the first bulk job says done is printed, not
 * bounded: the job leaves the heap it grew to the panel, which gives it back when it falls quiet.
 */
public final class RestBenchmark {
    static final int IDLE_RSS_MB = 160;
    static final int BUSY_RSS_MB = 256;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 31);
    /** Calls made before each measured series, so that it measures the compiled path a running panel serves. */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 100);
    private static final Path ROOT = Path.of(System.getProperty("bench.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private final int size;
    private final Path home;
    private final int port = freePort();
    private final Map<String, String> figures = new LinkedHashMap<>();
    private Process panel;
    private String key;
    private final List<String> names = new ArrayList<>();

    private RestBenchmark(int size, Path home) {
        this.size = size;
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        // the floors start postmap and postfix as the panel starts them, with the JDK's default, unless
        // PANEL_JAVA_OPTS chooses for the panel: a floor started another way would flatter the panel or wrong it
        System.out.println("programs started with the launch mechanism " + io.smarthost.panel.host.ProcessLaunch.current()
                + " (floors; the panel's too unless PANEL_JAVA_OPTS sets " + io.smarthost.panel.host.ProcessLaunch.PROPERTY
                + ": " + System.getenv().getOrDefault("PANEL_JAVA_OPTS", "unset") + ")");
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,100000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        if (args.length > 1 && args[1].equals("maps")) {
            MapsModes.run(sizes);
            return;
        }
        boolean memoryOk = true;
        for (int size : sizes) {
            Path home = Files.createTempDirectory("smarthost-restbench");
            RestBenchmark b = new RestBenchmark(size, home);
            try {
                b.run();
            } catch (Exception e) {
                System.err.println("failed; the panel's home (and its panel.log) is kept: " + home);
                throw e;
            } finally {
                b.stop();
            }
            Files.copy(home.resolve("panel.log"), Path.of(System.getProperty("java.io.tmpdir"), "restbench-" + size + "-panel.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            deleteTree(home);
            System.out.println("== " + size + " domains");
            b.figures.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-52s %s%n", k, v));
            memoryOk &= b.memoryOk();
        }
        if (!memoryOk) {
            System.out.println("MEMORY CHECK FAILED: RSS idle must stay <= " + IDLE_RSS_MB + " MB and after the bulk changes <= "
                    + BUSY_RSS_MB + " MB");
            System.exit(1);
        }
    }

    private boolean memoryOk() {
        return Double.parseDouble(figures.get("rss idle after start MB")) <= IDLE_RSS_MB
                && Double.parseDouble(figures.get("rss idle after a restart, every domain relayed MB")) <= IDLE_RSS_MB
                && Double.parseDouble(figures.get("rss 3 s after the first two bulks MB")) <= BUSY_RSS_MB
                && Double.parseDouble(figures.get("rss after bulk changes MB")) <= BUSY_RSS_MB;
    }

    private void run() throws Exception {
        start();
        key = bin("apikey", "--create", "-user", "admin").strip();
        bin("user", "--create", "bench", "-role", "customer", "-password-stdin");
        Path list = home.resolve("domains.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < size; i++) {
            String name = "d" + i + ".bench.example";
            names.add(name);
            text.append(name).append(" bench\n");
        }
        Files.writeString(list, text);
        long t = System.nanoTime();
        bin("domain", "--create-from", list.toString());
        put("provision CLI --create-from ms (incl. JVM start)", ms(t));
        // the server relay, so that the maps exist; then a restart: what follows is "after start"
        send("PUT", "/api/v2/plugins/smarthost/server", relay("192.0.2.1", 587, "bench-user", "server secret") , 200);
        // a bulk naming 100,000 domains is a 2.5 MB body: above the default [web] max_body_kb (1024), as an admin
        // would raise it for such work (read at each request)
        Path ini = home.resolve("panel.ini");
        Files.writeString(ini, Files.readString(ini).replace(";max_body_kb = 1024", "max_body_kb = 65536"));
        restart();
        // as after the restarts below: once the start's work (re-apply check, warm-up, self-check) is over
        awaitStartWork();
        put("rss idle after start MB", idleRssMb());

        t = System.nanoTime();
        bulk(bulkBody(names, "192.0.2.10", 587, "bulk-user", "bulk secret 1"));
        put("bulk first after start ms", ms(t));
        // read as the job says done: a bulk job leaves the heap it grew until the panel falls quiet (within two
        // seconds), so that a script's next bulk change, as the second one here, finds it; not bounded
        put("rss at the first bulk's end (heap held until quiet) MB", rssMb());
        t = System.nanoTime();
        bulk(bulkBody(names, "192.0.2.11", 2525, "bulk-user-2", "bulk secret 2"));
        put("bulk second ms", ms(t));
        // what the panel keeps once quiet after the two (given back within two seconds): bounded
        Thread.sleep(3000);
        put("rss 3 s after the first two bulks MB", rssMb());
        // the first bulk change after a start over domains that are relayed already (the first one above writes a
        // row per domain: it is also the first ever); the same domains as the second, a new relay and password
        // three restarts, the median: one alone read 2.4x to 4.1x the floor from run to run of one build
        double[] afterRestart = new double[3];
        for (int i = 0; i < afterRestart.length; i++) {
            restart();
            awaitStartWork();
            t = System.nanoTime();
            bulk(bulkBody(names, "192.0.2." + (12 + i), 587, "bulk-user-" + (3 + i), "bulk secret " + (3 + i)));
            afterRestart[i] = ms(t);
            System.err.printf(Locale.ROOT, "[%d] bulk first after restart %d of %d: %.0f ms%n", size, i + 1,
                    afterRestart.length, afterRestart[i]);
        }
        put("bulk first after a restart, domains relayed ms (median of 3)", median(afterRestart));
        // three repairs, the median (one alone moved by a third from run to run on this machine), each on a quiet
        // panel as an admin runs one: the previous work's memory is given back on another thread for 3 s after it
        double[] repairs = new double[3];
        for (int i = 0; i < repairs.length; i++) {
            Thread.sleep(4000);
            t = System.nanoTime();
            send("POST", "/api/v2/plugins/smarthost/repair", "{}", 200);
            repairs[i] = ms(t);
        }
        put("repair REST ms (median of 3)", median(repairs));
        t = System.nanoTime();
        bin("smarthost", "--repair");
        put("repair CLI ms (incl. JVM start)", ms(t));
        Floors floors = floors();
        put("floor: three full postmap ms", floors.threeMaps);
        put("floor: postmap -i one entry ms (median)", floors.oneEntry);
        double store = storeFloor();
        put("floor: H2 writes a row per domain, one transaction ms", store);
        put("bulk second / H2 row-per-domain floor", Double.parseDouble(figures.get("bulk second ms")) / store);
        // the issue's own yardsticks: what Postfix needs to rebuild the three maps
        put("repair REST / three full postmap", Double.parseDouble(figures.get("repair REST ms (median of 3)")) / floors.threeMaps);
        put("bulk second / three full postmap", Double.parseDouble(figures.get("bulk second ms")) / floors.threeMaps);
        put("bulk first after start / three full postmap",
                Double.parseDouble(figures.get("bulk first after start ms")) / floors.threeMaps);
        put("bulk first after a restart, domains relayed / three full postmap",
                Double.parseDouble(figures.get("bulk first after a restart, domains relayed ms (median of 3)")) / floors.threeMaps);
        put("rss after bulk changes MB", rssMb());

        restart();
        awaitStartWork();
        put("rss idle after a restart, every domain relayed MB", idleRssMb());
        t = System.nanoTime();
        send("PUT", "/api/v2/plugins/smarthost/domains/" + names.get(size / 3), relay("192.0.2.99", 2526, "first-user", "first"), 200);
        put("one-domain PUT, first after restart ms", ms(t));
        for (int i = 0; i < 3 * WARMUP; i++) {
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
        put("one-domain PUT ms (median)", median(one));
        put("one-domain PUT / postmap -i floor", median(one) / floors.oneEntry);
        withRunningPostfix();

        // a filter that keeps 11 domains whatever the size (d42 and d420-d429 of 1,000; d4242 and d42420-d42429 of
        // 100,000): the lists compared hold as many rows (a fixed "d4242" kept none of 1,000 domains)
        String filter = filterKeeping11(size);
        figures.put("filter (keeps 11 domains)", filter);
        put("REST list page 1 ms (median)", medianOf(() -> send("GET", "/api/v2/plugins/smarthost/domains?limit=50", null, 200)));
        put("REST list filter ms (median)", medianOf(() -> send("GET", "/api/v2/plugins/smarthost/domains?filter=" + filter + "&limit=50", null, 200)));
        put("REST host domains page 1 ms (median)", medianOf(() -> send("GET", "/api/v2/domains?limit=50", null, 200)));
        put("REST host domains filter ms (median)", medianOf(() -> send("GET", "/api/v2/domains?filter=" + filter + "&limit=50", null, 200)));
        String cookie = login();
        put("page Smarthosts list page 1 ms (median)", medianOf(() -> page(cookie, "/plugins/smarthost/list")));
        put("page Smarthosts list filter ms (median)", medianOf(() -> page(cookie, "/plugins/smarthost/list?q=" + filter)));
        put("page domains page 1 ms (median)", medianOf(() -> page(cookie, "/domains")));

        // three rounds each, alternating, medians: one round after the other moved the ratio between 0.73 and 0.95
        // from run to run (the clients share the 2 cores with the panel; the JIT and the heap drift meanwhile)
        double[] logins = new double[3];
        double[] gets = new double[3];
        for (int round = 0; round < 3; round++) {
            logins[round] = throughput(() -> {
                int status = raw("GET", "/login", null, null).statusCode();
                if (status != 200) {
                    throw new IllegalStateException("GET /login: " + status);
                }
                return status;
            });
            gets[round] = throughput(() -> send("GET", "/api/v2/plugins/smarthost/domains/" + names.get(size / 2), null, 200));
        }
        double login = median(logins);
        double get = median(gets);
        put("GET /login, 8 clients req/s", login);
        put("GET one domain's settings, 8 clients req/s", get);
        put("GET settings / GET /login", get / login);

        List<String> more = new ArrayList<>();
        StringBuilder body = new StringBuilder("{\"domains\":[");
        for (int i = 0; i < size; i++) {
            body.append(i == 0 ? "" : ",").append("{\"name\":\"p").append(i).append(".rest.example\",\"owner\":\"bench\"}");
        }
        body.append("]}");
        t = System.nanoTime();
        send("POST", "/api/v2/domains", body.toString(), 201);
        put("provision REST POST /api/v2/domains ms", ms(t));
        put("rss at the end MB", rssMb());
        more.clear();
    }

    private record Floors(double threeMaps, double oneEntry) {
    }

    /**
     * What the embedded database alone needs for the store step of a bulk change: a row per domain written in one
     * transaction and committed, in a scratch H2 database of the panel's own table and settings ({@code WRITE_DELAY=0}),
     * each row a settings text as long as the panel's (300 characters), written the fastest way measured (a JDBC batch
     * of updates, 500 per round trip; a merge from arrays, as the panel writes, took as long or longer), best of three.
     * The panel writes two rows per domain (its settings and its secret) and reads the previous ones for the undo: a
     * bulk change cannot come near the {@code postmap} floor while each domain has rows of its own.
     */
    private double storeFloor() throws Exception {
        Path dir = Files.createTempDirectory(home, "store-floor");
        String value = "x".repeat(298);
        double best = Double.MAX_VALUE;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:h2:file:" + dir.resolve("floor") + ";WRITE_DELAY=0", "sa", "")) {
            try (var s = c.createStatement()) {
                s.execute("create table plugin_settings (plugin_id varchar(64) not null, k varchar(255) not null,"
                        + " v varchar(1000000) not null, secret boolean default false not null, primary key (plugin_id, k))");
            }
            c.setAutoCommit(false);
            for (int round = -1; round < 3; round++) {
                long t = System.nanoTime();
                try (var p = c.prepareStatement(round < 0 ? "insert into plugin_settings (v, plugin_id, k) values (?, ?, ?)"
                        : "update plugin_settings set v = ? where plugin_id = ? and k = ?")) {
                    for (int i = 0; i < size; i++) {
                        p.setString(1, value + (round < 0 ? "-1" : "+" + round));
                        p.setString(2, "smarthost");
                        p.setString(3, "@" + names.get(i));
                        p.addBatch();
                        if (i % 500 == 499) {
                            p.executeBatch();
                        }
                    }
                    p.executeBatch();
                }
                c.commit();
                if (round >= 0) {
                    best = Math.min(best, ms(t));
                }
            }
        } finally {
            deleteTree(dir);
        }
        return best;
    }

    /**
     * The one-domain PUT while the sandbox's Postfix runs (started for real, as an admin's instance runs), each
     * change then reloading it, beside the floor of what an admin does by hand for one entry: {@code postmap -i}
     * and {@code postfix reload} of the same running instance, each timed until it exits (as a shell waits).
     */
    private void withRunningPostfix() throws Exception {
        // this run's home is a temporary folder (opened to the postfix user by the start, deleted at the end); the
        // panel's sandbox has no SMTP listener: no port is taken
        try (SandboxPostfix postfix = SandboxPostfix.start(home)) {
            Path config = postfix.dir();
            long t = System.nanoTime();
            send("PUT", "/api/v2/plugins/smarthost/domains/" + names.get(size / 5), relay("192.0.2.98", 2527, "started-user", "started"), 200);
            put("running Postfix: first PUT after its start ms (postfix reload)", ms(t));
            for (int i = 0; i < WARMUP / 4; i++) {
                send("PUT", "/api/v2/plugins/smarthost/domains/" + names.get((i * 104_729 + 7) % size),
                        relay("192.0.2." + (20 + i % 200), 4525 + i, "warm-pf-" + i, "warm pf " + i), 200);
            }
            double[] one = new double[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                t = System.nanoTime();
                send("PUT", "/api/v2/plugins/smarthost/domains/" + names.get((i * 7919 + 3) % size),
                        relay("192.0.2." + (20 + i % 200), 5525 + i, "user-pf-" + i, "secret pf " + i), 200);
                one[i] = ms(t);
            }
            Path relayCopy = Files.createTempDirectory(home, "floor-running").resolve("sender_relay");
            Files.copy(config.resolve("smarthost/sender_relay"), relayCopy);
            exec(List.of("postmap", "-c", config.toString(), "hash:" + relayCopy), null);
            double[] floor = new double[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                t = System.nanoTime();
                exec(List.of("postmap", "-c", config.toString(), "-i", "-r", "hash:" + relayCopy),
                        "@floor-running" + i + ".example [192.0.2.7]:25\n");
                // until postfix exits: its script leaves a postsuper running in the background, which keeps the
                // output open (a shell does not wait for it)
                Process reload = new ProcessBuilder("/usr/sbin/postfix", "-c", config.toString(), "reload")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (reload.waitFor() != 0) {
                    throw new IllegalStateException("postfix reload of the sandbox failed (exit " + reload.exitValue() + ")");
                }
                floor[i] = ms(t);
            }
            put("running Postfix: one-domain PUT ms (median)", median(one));
            put("running Postfix: floor postmap -i + postfix reload ms (median)", median(floor));
            put("running Postfix: one-domain PUT / floor", median(one) / median(floor));
        }
    }

    /** "d" and the first digits of 4242...: for 10^k domains named d0..d(10^k - 1), 11 of them contain it. */
    static String filterKeeping11(int size) {
        int digits = Math.max(1, (int) Math.round(Math.log10(size)) - 1);
        return "d" + "4242424242".substring(0, Math.min(10, digits));
    }

    /** Until the panel's start work (the re-apply check, the warm-up, the self-check) has logged its end. */
    private void awaitStartWork() throws Exception {
        Path log = home.resolve("panel.log"); // written anew by each start
        for (int i = 0; i < 1200; i++) {
            if (Files.exists(log) && Files.readString(log).contains("smarthost: self-check")) {
                // idle: once the start's memory is back (a full collection right after that line, trims 1 and 3 s
                // later); read 2 s after it, the RSS was 163 MB where it settled at 150 MB
                Thread.sleep(6000);
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the panel's start work did not end within 120 s");
    }

    /** A bulk change: 200 with its report, or 202 and a job polled every 20 ms until it is done. */
    private void bulk(String body) throws Exception {
        HttpResponse<String> r = raw("POST", "/api/v2/plugins/smarthost/bulk/update", body, null);
        if (r.statusCode() == 200) {
            return;
        }
        if (r.statusCode() != 202) {
            throw new IllegalStateException("bulk: " + r.statusCode() + " " + r.body());
        }
        String job = r.headers().firstValue("Location").orElseThrow();
        String path = URI.create(job).getPath();
        while (true) {
            HttpResponse<String> state = send("GET", path, null, 200);
            if (state.body().contains("\"state\":\"done\"")) {
                return;
            }
            if (state.body().contains("\"state\":\"failed\"")) {
                throw new IllegalStateException("bulk job failed: " + state.body());
            }
            Thread.sleep(20);
        }
    }

    /** postmap on copies of the maps the panel wrote, in a folder of their own. */
    private Floors floors() throws Exception {
        Path maps = home.resolve("mail-sandbox/postfix/smarthost");
        Path copy = Files.createTempDirectory(home, "floor");
        List<Path> texts = new ArrayList<>();
        try (var files = Files.list(maps)) {
            for (Path p : files.filter(p -> !p.toString().endsWith(".db") && Files.isRegularFile(p)).sorted().toList()) {
                Path c = copy.resolve(p.getFileName());
                Files.copy(p, c);
                texts.add(c);
            }
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            for (Path p : texts) {
                exec(List.of("postmap", "-c", home.resolve("mail-sandbox/postfix").toString(), "hash:" + p), null);
            }
            best = Math.min(best, ms(t));
        }
        Path relay = texts.stream().filter(p -> p.getFileName().toString().contains("relay")).findFirst().orElse(texts.get(0));
        double[] one = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            exec(List.of("postmap", "-c", home.resolve("mail-sandbox/postfix").toString(), "-i", "-r", "hash:" + relay),
                    "@floor" + i + ".example [192.0.2.7]:25\n");
            one[i] = ms(t);
        }
        return new Floors(best, median(one));
    }

    // ---- the panel process -------------------------------------------------------------------------

    private void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("panel").toString(), "start", "--home", home.toString(),
                "--port", Integer.toString(port)).redirectErrorStream(true).redirectOutput(home.resolve("panel.log").toFile());
        pb.environment().put("PANEL_ADMIN_PASSWORD", "bench-admin-password");
        panel = pb.start();
        awaitLogin(panel, home.resolve("panel.log"), 120, () -> raw("GET", "/login", null, null).statusCode());
    }

    private void restart() throws Exception {
        stop();
        start();
    }

    private void stop() throws Exception {
        stopPanel(panel);
    }

    /**
     * The idle RSS: the median of three readings 2 s apart. One reading after a restart read 150-159 MB in most
     * runs and 260-275 MB in one of three, for the build before member sets as for the build with them (trial
     * home, 100,000 domains, the benchmark's sequence): a start's work still running, not the panel at rest.
     */
    private double idleRssMb() throws Exception {
        double[] readings = new double[3];
        for (int i = 0; i < readings.length; i++) {
            if (i > 0) {
                Thread.sleep(2000);
            }
            readings[i] = rssMb();
        }
        return median(readings);
    }

    private double rssMb() throws Exception {
        String kb = exec(List.of("ps", "-o", "rss=", "-p", Long.toString(panel.pid())), null).strip();
        return Long.parseLong(kb) / 1024.0;
    }

    private String bin(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("panel").toString(), "bin", "--home", home.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, "bench-customer-password\n");
    }

    private static String exec(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] errBytes;
        String out;
        var err = new java.io.ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        drain.start();
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        drain.join();
        errBytes = err.toByteArray();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out + new String(errBytes, StandardCharsets.UTF_8));
        }
        return out;
    }

    // ---- HTTP ----------------------------------------------------------------------------------------

    private HttpResponse<String> send(String method, String path, String body, int expect) throws Exception {
        HttpResponse<String> r = raw(method, path, body, null);
        if (r.statusCode() != expect) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body().substring(0, Math.min(2000, r.body().length())));
        }
        return r;
    }

    private HttpResponse<String> raw(String method, String path, String body, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null && cookie == null && path.startsWith("/api/")) {
            b.header("X-API-Key", key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login() throws Exception {
        HttpResponse<String> form = raw("GET", "/login", null, null);
        String cookie = form.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElse("");
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        String token = csrf.find() ? csrf.group(1) : "";
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=bench-admin-password&_csrf=" + token)).build();
        HttpResponse<String> r = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 303) {
            throw new IllegalStateException("login: " + r.statusCode());
        }
        return r.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElse(cookie);
    }

    private HttpResponse<String> page(String cookie, String path) throws Exception {
        HttpResponse<String> r = raw("GET", path, null, cookie);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode());
        }
        return r;
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    private static double medianOf(Call call) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            call.run();
        }
        double[] t = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long s = System.nanoTime();
            call.run();
            t[i] = ms(s);
        }
        return median(t);
    }

    /** Requests per second of 8 clients calling in a loop for 3 s (after 1 s of warm-up). */
    private static double throughput(Call call) throws Exception {
        AtomicBoolean counting = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread th = new Thread(() -> {
                while (running.get()) {
                    try {
                        call.run();
                        if (counting.get()) {
                            done.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        // counted and said, not the end of this client: a client thread that died here would take its
                        // share of the load with it and the figure would read low without a word
                        if (failed.incrementAndGet() == 1) {
                            System.err.println("throughput: a request failed: " + e);
                        }
                    }
                }
            });
            th.start();
            clients.add(th);
        }
        Thread.sleep(1000);
        counting.set(true);
        long s = System.nanoTime();
        Thread.sleep(3000);
        long n = done.get();
        double seconds = (System.nanoTime() - s) / 1e9;
        running.set(false);
        for (Thread th : clients) {
            th.join();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException("throughput: " + failed.get() + " requests failed (the first is printed above)");
        }
        return n / seconds;
    }

    // ---- bodies and figures ---------------------------------------------------------------------------

    private void put(String what, double value) {
        figures.put(what, figure(value));
        System.err.printf(Locale.ROOT, "[%d] %s: %.2f%n", size, what, value);
    }
}
