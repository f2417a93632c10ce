package io.smarthost.ui.bench;

import static io.smarthost.ui.bench.BenchSupport.bulkBody;
import static io.smarthost.ui.bench.BenchSupport.deleteTree;
import static io.smarthost.ui.bench.BenchSupport.freePort;
import static io.smarthost.ui.bench.BenchSupport.median;
import static io.smarthost.ui.bench.BenchSupport.ms;
import static io.smarthost.ui.bench.BenchSupport.relay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delivery status at scale, through the public interfaces of a real panel process ({@code ./panel start}, the
 * launcher's heap): N domains each with a relay of its own; the home is then copied, and two panels run side by
 * side on the same data: one with delivery status off ({@code [mail] smarthost.postfix.log = off}: no reader, no
 * card figures, no list columns), one with it on (the log set to a generated maillog of a day's traffic: 2 messages
 * per domain, 1 in 20 deferred with 535, 1 in 100 bounced, in Postfix 3.7's own line forms) once its background
 * reader caught up. Each call is timed on both in turn (off, on, off, on...), so that the load of a shared machine
 * falls on both alike. Prints both medians beside each other with their ratio (target: on / off at most 1.5).
 *
 * <p>Run: {@code ./panel bench delivery [SIZE]} (default 100000).
 */
public final class DeliveryPagesBenchmark {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 31);
    private static final Path ROOT = Path.of(System.getProperty("bench.root", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH);

    private final int size;
    private final Map<String, double[]> figures = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();
    private final Panel off;
    private final Panel on;
    private String key;

    /** One panel process: its home, port, process and admin session. */
    private static final class Panel {
        final Path home;
        final int port = freePort();
        Process process;
        String cookie;

        Panel(Path home) {
            this.home = home;
        }
    }

    private DeliveryPagesBenchmark(int size, Path home) {
        this.size = size;
        this.off = new Panel(home);
        this.on = new Panel(home.resolveSibling(home.getFileName() + "-on"));
    }

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args.length > 0 ? args[0].split(",")[0].trim() : "100000");
        Path home = Files.createTempDirectory("smarthost-deliverybench");
        DeliveryPagesBenchmark b = new DeliveryPagesBenchmark(size, home);
        try {
            b.run();
        } catch (Exception e) {
            System.err.println("failed; the panels' homes (and their panel.log) are kept: " + b.off.home + " " + b.on.home);
            b.stop(b.off);
            b.stop(b.on);
            throw e;
        }
        b.stop(b.off);
        b.stop(b.on);
        deleteTree(b.off.home);
        deleteTree(b.on.home);
        System.out.println("== delivery status at " + size + " domains (median of " + ROUNDS
                + " calls each, ms; the two panels called in turn)");
        System.out.printf(Locale.ROOT, "  %-44s %10s %10s %8s%n", "", "status off", "status on", "on/off");
        b.figures.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-44s %10.2f %10.2f %8.2f%n", k, v[0], v[1],
                v[0] > 0 ? v[1] / v[0] : Double.NaN));
    }

    private void run() throws Exception {
        Panel p = off;
        start(p);
        key = bin(p, "apikey", "--create", "-user", "admin").strip();
        bin(p, "user", "--create", "bench", "-role", "customer", "-password-stdin");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < size; i++) {
            String name = "d" + i + ".bench.example";
            names.add(name);
            text.append(name).append(" bench\n");
        }
        Path list = p.home.resolve("domains.txt");
        Files.writeString(list, text);
        bin(p, "domain", "--create-from", list.toString());
        send(p, "PUT", "/api/v2/plugins/smarthost/server", relay("192.0.2.1", 587, "bench-user", "server secret"), 200);
        setIni(p, "max_body_kb", ";max_body_kb = 1024", "max_body_kb = 65536");
        stop(p);
        start(p);
        long t = System.nanoTime();
        bulk(p, bulkBody(names, "192.0.2.10", 587, "bulk-user", "bulk secret 1"));
        System.err.printf(Locale.ROOT, "[%d] every domain its own relay: %.0f ms%n", size, ms(t));
        stop(p);
        copyTree(off.home, on.home);
        Path log = on.home.resolve("bench-maillog");
        t = System.nanoTime();
        long lines = writeLog(log);
        System.err.printf(Locale.ROOT, "[%d] generated %d log lines (%.1f MB) in %.0f ms%n", size, lines,
                Files.size(log) / 1e6, ms(t));
        setLog(off, "off");
        setLog(on, log.toString());
        start(off);
        start(on);
        t = System.nanoTime();
        awaitCaughtUp(on);
        System.err.printf(Locale.ROOT, "[%d] background reader caught up with the log: %.0f ms after start%n", size, ms(t));
        off.cookie = login(off);
        on.cookie = login(on);
        measure();
    }

    /** The same calls on both panels, in turn; the domain is one with mail in the log (a deferral for d20). */
    private void measure() throws Exception {
        String domain = names.get(20 % size);
        record("page: a domain's Smarthost page", x -> page(x, "/plugins/smarthost/domains/" + domain));
        record("page: Mail > Smarthosts, page 1 (25 rows)", x -> page(x, "/plugins/smarthost/list"));
        record("page: Mail > Smarthosts, 100 rows", x -> page(x, "/plugins/smarthost/list?size=100"));
        record("page: Mail > Smarthosts, filtered", x -> page(x, "/plugins/smarthost/list?q=d4242"));
        record("REST: GET domains/D/status", x -> send(x, "GET", "/api/v2/plugins/smarthost/domains/" + domain
                + "/status", null, 200));
        record("REST: GET domains (list, 50)", x -> send(x, "GET", "/api/v2/plugins/smarthost/domains?limit=50", null, 200));
    }

    private void record(String what, Call call) throws Exception {
        for (int w = 0; w < 2; w++) { // warm-up
            call.run(off);
            call.run(on);
        }
        double[] a = new double[ROUNDS];
        double[] b = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long s = System.nanoTime();
            call.run(off);
            a[i] = ms(s);
            s = System.nanoTime();
            call.run(on);
            b[i] = ms(s);
        }
        double[] v = {median(a), median(b)};
        figures.put(what, v);
        System.err.printf(Locale.ROOT, "[%d] %s: off %.2f ms, on %.2f ms%n", size, what, v[0], v[1]);
    }

    /**
     * A day of traffic in Postfix 3.7's line forms (as in plugin-postfix's recorded maillog): for each domain two
     * messages, each announced by qmgr, delivered, deferred (535, 1 in 20) or bounced (1 in 100), then removed.
     */
    private long writeLog(Path log) throws IOException {
        Instant end = Instant.now().minusSeconds(60);
        int messages = 2 * size;
        long lines = 0;
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (int i = 0; i < messages; i++) {
                Instant at = end.minusSeconds(86_400L * (messages - i) / messages);
                String time = SYSLOG.format(LocalDateTime.ofInstant(at, ZoneId.systemDefault()));
                String id = String.format("%011X", 0xC000000000L + i);
                String sender = "news@" + names.get(i % size);
                String rcpt = "r" + i + "@remote.example";
                w.write(time + " bench postfix/qmgr[11089]: " + id + ": from=<" + sender + ">, size=369, nrcpt=1 (queue active)\n");
                if (i % 20 == 0) {
                    w.write(time + " bench postfix/smtp[11124]: " + id + ": to=<" + rcpt + ">, relay=192.0.2.10[192.0.2.10]:587,"
                            + " delay=0.55, delays=0.01/0.39/0.14/0, dsn=4.0.0, status=deferred (SASL authentication failed;"
                            + " server 192.0.2.10[192.0.2.10] said: 535 Authentication credentials invalid)\n");
                    lines += 2;
                    continue;
                }
                if (i % 100 == 1) {
                    w.write(time + " bench postfix/smtp[11120]: " + id + ": to=<" + rcpt + ">, relay=192.0.2.10[192.0.2.10]:587,"
                            + " delay=0.4, delays=0.04/0.01/0.3/0.05, dsn=5.1.1, status=bounced (host 192.0.2.10[192.0.2.10]"
                            + " said: 550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown (in reply to RCPT TO command))\n");
                } else {
                    w.write(time + " bench postfix/smtp[11120]: " + id + ": to=<" + rcpt + ">, relay=192.0.2.10[192.0.2.10]:587,"
                            + " delay=0.68, delays=0.04/0.24/0.35/0.05, dsn=2.0.0, status=sent (250 Ok: queued as " + id + ")\n");
                }
                w.write(time + " bench postfix/qmgr[11089]: " + id + ": removed\n");
                lines += 3;
            }
        }
        return lines;
    }

    /** Waits until the REST status says the log was read to its end (readUpTo set) and the figures are there. */
    private void awaitCaughtUp(Panel p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < deadline) {
            String body = send(p, "GET", "/api/v2/plugins/smarthost/domains/" + names.get(size - 1) + "/status", null, 200).body();
            if (body.contains("\"readUpTo\":\"") && !body.contains("\"last24h\":{\"sent\":0,\"deferred\":0,\"bounced\":0}")) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the background reader did not catch up within 30 minutes");
    }

    private static void setLog(Panel p, String value) throws IOException {
        Path ini = p.home.resolve("panel.ini");
        String text = Files.readString(ini).replaceAll("(?m)^;?smarthost\\.postfix\\.log =.*$", "smarthost.postfix.log = "
                + Matcher.quoteReplacement(value));
        Files.writeString(ini, text);
    }

    private static void setIni(Panel p, String name, String from, String to) throws IOException {
        Path ini = p.home.resolve("panel.ini");
        String text = Files.readString(ini);
        if (!text.contains(from)) {
            throw new IllegalStateException("panel.ini has no line " + from + " (" + name + ")");
        }
        Files.writeString(ini, text.replace(from, to));
    }

    /** A bulk change: 200 with its report, or 202 and a job polled until it is done. */
    private void bulk(Panel p, String body) throws Exception {
        HttpResponse<String> r = raw(p, "POST", "/api/v2/plugins/smarthost/bulk/update", body, null);
        if (r.statusCode() == 200) {
            return;
        }
        if (r.statusCode() != 202) {
            throw new IllegalStateException("bulk: " + r.statusCode() + " " + r.body());
        }
        String path = URI.create(r.headers().firstValue("Location").orElseThrow()).getPath();
        while (true) {
            String state = send(p, "GET", path, null, 200).body();
            if (state.contains("\"state\":\"done\"")) {
                return;
            }
            if (state.contains("\"state\":\"failed\"")) {
                throw new IllegalStateException("bulk job failed: " + state);
            }
            Thread.sleep(50);
        }
    }

    // ---- the panel processes (as RestBenchmark) -------------------------------------------------------

    private static void start(Panel p) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("panel").toString(), "start", "--home", p.home.toString(),
                "--port", Integer.toString(p.port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(p.home.resolve("panel.log").toFile()));
        pb.environment().put("PANEL_ADMIN_PASSWORD", "bench-admin-password");
        pb.environment().put("PANEL_NO_BUILD", "1"); // built by the Maven run that started this benchmark
        p.process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                if (raw(p, "GET", "/login", null, null, null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!p.process.isAlive()) {
                throw new IllegalStateException("the panel stopped: " + Files.readString(p.home.resolve("panel.log")));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the panel did not answer within 180 s");
    }

    private void stop(Panel p) throws Exception {
        if (p.process != null && p.process.isAlive()) {
            p.process.destroy();
            if (!p.process.waitFor(30, TimeUnit.SECONDS)) {
                p.process.destroyForcibly().waitFor();
            }
        }
    }

    private static String bin(Panel p, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("panel").toString(), "bin", "--home", p.home.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PANEL_NO_BUILD", "1");
        Process proc = pb.start();
        try (var in = proc.getOutputStream()) {
            in.write("bench-customer-password\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (proc.waitFor() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out);
        }
        return out;
    }

    // ---- HTTP ------------------------------------------------------------------------------------------

    private HttpResponse<String> send(Panel p, String method, String path, String body, int expect) throws Exception {
        HttpResponse<String> r = raw(p, method, path, body, null);
        if (r.statusCode() != expect) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " "
                    + r.body().substring(0, Math.min(2000, r.body().length())));
        }
        return r;
    }

    private HttpResponse<String> raw(Panel p, String method, String path, String body, String withCookie) throws Exception {
        return raw(p, method, path, body, withCookie, key);
    }

    private static HttpResponse<String> raw(Panel p, String method, String path, String body, String withCookie,
                                            String apiKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port + path))
                .timeout(Duration.ofMinutes(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null && withCookie == null && path.startsWith("/api/")) {
            b.header("X-API-Key", apiKey);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (withCookie != null) {
            b.header("Cookie", withCookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String login(Panel p) throws Exception {
        HttpResponse<String> form = raw(p, "GET", "/login", null, null, null);
        String c = form.headers().firstValue("Set-Cookie").map(v -> v.split(";")[0]).orElse("");
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        String token = csrf.find() ? csrf.group(1) : "";
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", c)
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=bench-admin-password&_csrf=" + token)).build();
        HttpResponse<String> r = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 303) {
            throw new IllegalStateException("login: " + r.statusCode());
        }
        return r.headers().firstValue("Set-Cookie").map(v -> v.split(";")[0]).orElse(c);
    }

    private HttpResponse<String> page(Panel p, String path) throws Exception {
        HttpResponse<String> r = raw(p, "GET", path, null, p.cookie);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode());
        }
        return r;
    }

    @FunctionalInterface
    private interface Call {
        Object run(Panel p) throws Exception;
    }

    /** The home of the first panel (stopped) copied whole, modes kept (the sandbox's maps are 0600). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path src : walk.toList()) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dst);
                } else if (Files.isRegularFile(src, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(src, dst, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
