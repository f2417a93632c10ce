package io.smarthost.ui.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delivery status at scale, through the public interfaces of a real panel process ({@code ./panel start}, the
 * launcher's heap): N domains each with a relay of its own, then the domain page, the Smarthosts list and the REST
 * status timed twice, with delivery status off ({@code [mail] smarthost.postfix.log = off}: no reader, no card
 * figures, no list columns) and on (the log set to a generated maillog of a day's traffic: 2 messages per domain,
 * 1 in 20 deferred with 535, 1 in 100 bounced, in Postfix 3.7's own line forms), after the background reader
 * caught up. Prints both beside each other with their ratio (target: on / off at most 1.5).
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
    private final Path home;
    private final int port = freePort();
    private final Map<String, double[]> figures = new LinkedHashMap<>();
    private Process panel;
    private String key;
    private String cookie;
    private final List<String> names = new ArrayList<>();

    private DeliveryPagesBenchmark(int size, Path home) {
        this.size = size;
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args.length > 0 ? args[0].split(",")[0].trim() : "100000");
        Path home = Files.createTempDirectory("smarthost-deliverybench");
        DeliveryPagesBenchmark b = new DeliveryPagesBenchmark(size, home);
        try {
            b.run();
        } catch (Exception e) {
            System.err.println("failed; the panel's home (and its panel.log) is kept: " + home);
            b.stop();
            throw e;
        }
        b.stop();
        deleteTree(home);
        System.out.println("== delivery status at " + size + " domains (median of " + ROUNDS + " calls, ms)");
        System.out.printf(Locale.ROOT, "  %-44s %10s %10s %8s%n", "", "status off", "status on", "on/off");
        b.figures.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-44s %10.2f %10.2f %8.2f%n", k, v[0], v[1],
                v[0] > 0 ? v[1] / v[0] : Double.NaN));
    }

    private void run() throws Exception {
        start();
        key = bin("apikey", "--create", "-user", "admin").strip();
        bin("user", "--create", "bench", "-role", "customer", "-password-stdin");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < size; i++) {
            String name = "d" + i + ".bench.example";
            names.add(name);
            text.append(name).append(" bench\n");
        }
        Path list = home.resolve("domains.txt");
        Files.writeString(list, text);
        bin("domain", "--create-from", list.toString());
        send("PUT", "/api/v2/plugins/smarthost/server", relay("192.0.2.1", 587, "bench-user", "server secret"), 200);
        setIni("max_body_kb", ";max_body_kb = 1024", "max_body_kb = 65536");
        restart();
        long t = System.nanoTime();
        bulk(bulkBody("192.0.2.10", 587, "bulk-user", "bulk secret 1"));
        System.err.printf(Locale.ROOT, "[%d] every domain its own relay: %.0f ms%n", size, ms(t));
        Path log = home.resolve("bench-maillog");
        t = System.nanoTime();
        long lines = writeLog(log);
        System.err.printf(Locale.ROOT, "[%d] generated %d log lines (%.1f MB) in %.0f ms%n", size, lines,
                Files.size(log) / 1e6, ms(t));

        setLog("off");
        restart();
        cookie = login();
        measure(0);

        setLog(log.toString());
        restart();
        cookie = login();
        t = System.nanoTime();
        awaitCaughtUp();
        System.err.printf(Locale.ROOT, "[%d] background reader caught up with the log: %.0f ms after start%n", size, ms(t));
        measure(1);
    }

    /** The same calls in both runs; the domain is one with mail in the log (and a deferral for d20). */
    private void measure(int column) throws Exception {
        String domain = names.get(20 % size);
        record("page: a domain's Smarthost page", column, () -> page("/plugins/smarthost/domains/" + domain));
        record("page: Mail > Smarthosts, page 1 (50 rows)", column, () -> page("/plugins/smarthost/list"));
        record("page: Mail > Smarthosts, filtered", column, () -> page("/plugins/smarthost/list?q=d4242"));
        record("page: the server's Smarthost page", column, () -> page("/plugins/smarthost/server"));
        record("REST: GET domains/D/status", column, () -> send("GET", "/api/v2/plugins/smarthost/domains/" + domain
                + "/status", null, 200));
        record("REST: GET domains (list, 50)", column, () -> send("GET", "/api/v2/plugins/smarthost/domains?limit=50", null, 200));
    }

    private void record(String what, int column, Call call) throws Exception {
        double v = medianOf(call);
        figures.computeIfAbsent(what, k -> new double[2])[column] = v;
        System.err.printf(Locale.ROOT, "[%d] status %s: %s: %.2f ms%n", size, column == 0 ? "off" : "on", what, v);
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
    private void awaitCaughtUp() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < deadline) {
            String body = send("GET", "/api/v2/plugins/smarthost/domains/" + names.get(size - 1) + "/status", null, 200).body();
            if (body.contains("\"readUpTo\":\"") && !body.contains("\"last24h\":{\"sent\":0,\"deferred\":0,\"bounced\":0}")) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the background reader did not catch up within 30 minutes");
    }

    private void setLog(String value) throws IOException {
        Path ini = home.resolve("panel.ini");
        String text = Files.readString(ini).replaceAll("(?m)^;?smarthost\\.postfix\\.log =.*$", "smarthost.postfix.log = "
                + Matcher.quoteReplacement(value));
        Files.writeString(ini, text);
    }

    private void setIni(String name, String from, String to) throws IOException {
        Path ini = home.resolve("panel.ini");
        String text = Files.readString(ini);
        if (!text.contains(from)) {
            throw new IllegalStateException("panel.ini has no line " + from + " (" + name + ")");
        }
        Files.writeString(ini, text.replace(from, to));
    }

    /** A bulk change: 200 with its report, or 202 and a job polled until it is done. */
    private void bulk(String body) throws Exception {
        HttpResponse<String> r = raw("POST", "/api/v2/plugins/smarthost/bulk/update", body, null);
        if (r.statusCode() == 200) {
            return;
        }
        if (r.statusCode() != 202) {
            throw new IllegalStateException("bulk: " + r.statusCode() + " " + r.body());
        }
        String path = URI.create(r.headers().firstValue("Location").orElseThrow()).getPath();
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

    // ---- the panel process (as RestBenchmark) --------------------------------------------------------

    private void start() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("panel").toString(), "start", "--home", home.toString(),
                "--port", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("panel.log").toFile()));
        pb.environment().put("PANEL_ADMIN_PASSWORD", "bench-admin-password");
        panel = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                if (raw("GET", "/login", null, null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!panel.isAlive()) {
                throw new IllegalStateException("the panel stopped: " + Files.readString(home.resolve("panel.log")));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the panel did not answer within 180 s");
    }

    private void restart() throws Exception {
        stop();
        start();
    }

    private void stop() throws Exception {
        if (panel != null && panel.isAlive()) {
            panel.destroy();
            if (!panel.waitFor(30, TimeUnit.SECONDS)) {
                panel.destroyForcibly().waitFor();
            }
        }
    }

    private String bin(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("panel").toString(), "bin", "--home", home.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = p.getOutputStream()) {
            in.write("bench-customer-password\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + " failed: " + out);
        }
        return out;
    }

    // ---- HTTP ------------------------------------------------------------------------------------------

    private HttpResponse<String> send(String method, String path, String body, int expect) throws Exception {
        HttpResponse<String> r = raw(method, path, body, null);
        if (r.statusCode() != expect) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " "
                    + r.body().substring(0, Math.min(2000, r.body().length())));
        }
        return r;
    }

    private HttpResponse<String> raw(String method, String path, String body, String withCookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null && withCookie == null && path.startsWith("/api/")) {
            b.header("X-API-Key", key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (withCookie != null) {
            b.header("Cookie", withCookie);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login() throws Exception {
        HttpResponse<String> form = raw("GET", "/login", null, null);
        String c = form.headers().firstValue("Set-Cookie").map(v -> v.split(";")[0]).orElse("");
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        String token = csrf.find() ? csrf.group(1) : "";
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", c)
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=bench-admin-password&_csrf=" + token)).build();
        HttpResponse<String> r = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 303) {
            throw new IllegalStateException("login: " + r.statusCode());
        }
        return r.headers().firstValue("Set-Cookie").map(v -> v.split(";")[0]).orElse(c);
    }

    private HttpResponse<String> page(String path) throws Exception {
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
        call.run();
        call.run(); // warm-up
        double[] t = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long s = System.nanoTime();
            call.run();
            t[i] = ms(s);
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    private static String relay(String ip, int port, String user, String password) {
        return "{\"enabled\":true,\"host\":\"[" + ip + "]\",\"port\":\"" + port + "\",\"encryption\":\"starttls\","
                + "\"verifyCertificate\":false,\"authentication\":true,\"username\":\"" + user + "\",\"password\":\""
                + password + "\",\"confirmTakeover\":true}";
    }

    private String bulkBody(String ip, int port, String user, String password) {
        String r = relay(ip, port, user, password);
        StringBuilder b = new StringBuilder("{\"domains\":[");
        for (int i = 0; i < names.size(); i++) {
            b.append(i == 0 ? "\"" : ",\"").append(names.get(i)).append('"');
        }
        return b.append("],").append(r, 1, r.length()).toString();
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
