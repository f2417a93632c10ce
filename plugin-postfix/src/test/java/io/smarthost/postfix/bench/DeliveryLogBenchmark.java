package io.smarthost.postfix.bench;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;

import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.delivery.DeliveryLog.ReadStats;
import io.smarthost.core.delivery.DeliveryReporting;
import io.smarthost.core.delivery.DeliveryTracker;
import io.smarthost.core.delivery.QueuedMessage;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.panel.testkit.AesGcmSecretBox;
import io.smarthost.panel.testkit.InMemoryDomains;
import io.smarthost.panel.testkit.InMemorySettingsStore;
import io.smarthost.panel.testkit.RecordingActionLog;
import io.smarthost.postfix.delivery.LogFileReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The delivery log reader against the floors {@code wc -l} and {@code grep -c status=} on the same file, and the
 * incremental update of 1,000 new lines through the whole tracker (parse, attribute to 10,000 domains, commit
 * figures and cursor). Not a test: {@code mvn -B -pl plugin-postfix -am -Pbench verify -DskipTests} (see
 * docs/BENCHMARKS.md). Lines are in the form Postfix 3.7 writes them (seven per message, as a real maillog has:
 * smtpd, cleanup, qmgr, smtp, qmgr removed); one message in five is deferred.
 */
public final class DeliveryLogBenchmark {
    static final int LINES = 1_000_000;
    static final int DOMAINS = 10_000;
    static final int INCREMENT = 1_000;
    static final int INCREMENT_RUNS = 41;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("smarthost-logbench-");
        Path log = dir.resolve("maillog");
        int messages = LINES / 7;
        write(log, 0, messages);
        long bytes = Files.size(log);
        System.out.printf("%nDelivery log: %,d lines, %,d MB (file in the page cache for every reader)%n",
                Files.lines(log).count(), bytes >> 20);
        double wc = best(() -> exec("wc", "-l", log.toString()));
        double grep = best(() -> exec("grep", "-c", "status=", log.toString()));
        double parse = best(() -> parseAll(log));
        long lines = Files.lines(log).count();
        System.out.printf("%-34s %10s %14s%n", "reader", "ms", "lines/s");
        row("wc -l (floor)", wc, lines);
        row("grep -c status= (floor)", grep, lines);
        row("LogFileReader, cold (new reader)", parse, lines);
        System.out.printf("parser / grep: %.2fx%n", parse / grep);

        InMemoryDesiredState state = new InMemoryDesiredState()
                .server(relay("192.0.2.1", 587, Encryption.STARTTLS, "server", "server-secret"));
        InMemoryDomains domains = new InMemoryDomains();
        for (int i = 0; i < DOMAINS; i++) {
            state.domain(domain(i), relay("192.0.2." + (10 + i % 50), 587, Encryption.STARTTLS, "u" + i, "s" + i));
            domains.add(domain(i), "owner" + (i % 100));
        }
        InMemorySettingsStore store = new InMemorySettingsStore(new AesGcmSecretBox());
        try (DeliveryTracker tracker = new DeliveryTracker(store, new RecordingActionLog(), Optional.of(reporting(log)),
                d -> EffectiveRelay.resolve(state, d), domains::find, Clock.systemUTC())) {
            long t0 = System.nanoTime();
            ReadStats all = tracker.poll();
            double whole = (System.nanoTime() - t0) / 1e6;
            row("tracker, whole file (+attribution)", whole, all.lines());
            List<Double> runs = new ArrayList<>();
            int next = messages;
            for (int r = 0; r < INCREMENT_RUNS; r++) {
                write(log, next, next + INCREMENT / 7 + 1); // ~1,000 lines (143 messages x 7)
                next += INCREMENT / 7 + 1;
                long s = System.nanoTime();
                tracker.poll();
                runs.add((System.nanoTime() - s) / 1e6);
            }
            Collections.sort(runs);
            System.out.printf("incremental update of %,d new lines: median %.1f ms, max %.1f ms (%d runs)%n",
                    (INCREMENT / 7 + 1) * 7, runs.get(runs.size() / 2), runs.get(runs.size() - 1), runs.size());
            System.out.printf("store entries written: %d (one per active domain + server + cursor)%n",
                    store.count(DeliveryTracker.PREFIX));
        }
    }

    static DeliveryReporting reporting(Path log) {
        return new DeliveryReporting() {
            @Override
            public io.smarthost.core.delivery.DeliveryLog openLog() {
                return new LogFileReader(log, Clock.systemUTC(), ZoneId.systemDefault());
            }

            @Override
            public String logSource() {
                return log.toString();
            }

            @Override
            public List<QueuedMessage> queue(int limit) {
                return List.of();
            }

            @Override
            public void retry(Optional<String> queueId) {
                // not measured
            }
        };
    }

    static String domain(int i) {
        return "d" + i + ".example";
    }

    static void write(Path log, int from, int to) throws IOException {
        String time = ZonedDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("MMM dd HH:mm:ss",
                Locale.ENGLISH));
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            for (int i = from; i < to; i++) {
                String id = String.format("%011X", 0x10000000000L + i);
                String sender = "user" + (i % 7) + "@" + domain(i % DOMAINS);
                w.write(time + " mx1 postfix/smtpd[2101]: connect from client.example[198.51.100.7]\n");
                w.write(time + " mx1 postfix/smtpd[2101]: " + id + ": client=client.example[198.51.100.7]\n");
                w.write(time + " mx1 postfix/cleanup[2102]: " + id + ": message-id=<" + i + "@client.example>\n");
                w.write(time + " mx1 postfix/qmgr[2090]: " + id + ": from=<" + sender + ">, size=" + (900 + i % 4000)
                        + ", nrcpt=1 (queue active)\n");
                if (i % 5 == 4) {
                    w.write(time + " mx1 postfix/smtp[2103]: " + id + ": to=<rcpt" + i + "@remote.example>, relay=smtp.relay.example"
                            + "[192.0.2.10]:587, delay=0.55, delays=0.01/0.39/0.14/0, dsn=4.0.0, status=deferred (SASL"
                            + " authentication failed; server smtp.relay.example[192.0.2.10] said: 535 Authentication credentials invalid)\n");
                } else {
                    w.write(time + " mx1 postfix/smtp[2103]: " + id + ": to=<rcpt" + i + "@remote.example>, relay=smtp.relay.example"
                            + "[192.0.2.10]:587, delay=0.68, delays=0.04/0.24/0.35/0.05, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as X"
                            + i + ")\n");
                }
                w.write(time + " mx1 postfix/qmgr[2090]: " + id + ": removed\n");
                w.write(time + " mx1 postfix/smtpd[2101]: disconnect from client.example[198.51.100.7] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5\n");
            }
        }
    }

    static long parseAll(Path log) throws IOException {
        LogFileReader r = new LogFileReader(log, Clock.systemUTC(), ZoneId.systemDefault());
        long[] n = new long[1];
        ReadStats s;
        do {
            s = r.read(d -> n[0]++, Integer.MAX_VALUE);
        } while (!s.caughtUp());
        r.close();
        return n[0];
    }

    interface Work {
        Object run() throws Exception;
    }

    /** The best of 3 runs after one warm-up (ms). */
    static double best(Work w) throws Exception {
        w.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long s = System.nanoTime();
            w.run();
            best = Math.min(best, (System.nanoTime() - s) / 1e6);
        }
        return best;
    }

    static String exec(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static void row(String what, double ms, long lines) {
        System.out.printf("%-34s %10.1f %,14.0f%n", what, ms, lines / (ms / 1000));
    }
}
