package io.smarthost.postfix.bench;

import static io.smarthost.core.testing.InMemoryDesiredState.relay;

import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.testing.InMemoryDesiredState;
import io.smarthost.panel.api.services.CommandRunner.Command;
import io.smarthost.postfix.LocalCommandRunner;
import io.smarthost.postfix.PostfixMailBackend;
import io.smarthost.postfix.PostfixSettings;
import io.smarthost.postfix.sandbox.SandboxConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Prints apply timings for 1,000 / 10,000 / 100,000 domains beside the postmap floor measured in
 * the same run. Not a test: run {@code mvn -B -pl plugin-postfix -am -Pbench verify} (see
 * docs/BENCHMARKS.md). Needs root and Postfix; uses a sandbox folder (no Postfix instance runs).
 */
public final class PostfixBenchmark {

    private static final int ONE_DOMAIN_RUNS = 41;
    private static final LocalCommandRunner RUNNER = new LocalCommandRunner();

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,10000,100000").split(","))
                .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
        System.out.printf("%n%-9s %12s %12s %12s %12s %12s %12s %12s %12s%n", "domains", "one-domain", "postmap -i",
                "bulk", "postmap", "postmap", "repair", "repair", "first");
        System.out.printf("%-9s %12s %12s %12s %12s %12s %12s %12s %12s%n", "", "median ms", "1 entry ms",
                "all ms", "1 map ms", "3 maps ms", "no-op ms", "rebuild ms", "apply ms");
        run(1000, false); // warm-up: JIT and page cache, not printed
        for (int n : sizes) {
            run(n, true);
        }
    }

    private static void run(int n, boolean print) throws Exception {
        Path base = Files.createTempDirectory("smarthost-bench-");
        Path dir = base.resolve("postfix");
        SandboxConfig.write(dir, OptionalInt.empty());
        PostfixMailBackend backend = new PostfixMailBackend(PostfixSettings.of(dir, RUNNER));
        InMemoryDesiredState state = new InMemoryDesiredState()
                .server(relay("192.0.2.1", 587, Encryption.STARTTLS, "server", "server-secret"));
        for (int i = 0; i < n; i++) {
            state.domain(name(i), relay("192.0.2." + (10 + i % 50), 587, Encryption.STARTTLS, "user" + i, "secret-" + i));
        }
        double first = ms(() -> backend.apply(state, ChangeSet.everything()));

        List<Double> one = new ArrayList<>();
        for (int r = 0; r < ONE_DOMAIN_RUNS; r++) {
            String d = name((r * 7919) % n);
            state.domain(d, relay("198.51.100." + (r % 200 + 1), r % 2 == 0 ? 465 : 587,
                    r % 2 == 0 ? Encryption.TLS : Encryption.STARTTLS, "changed" + r, "new-secret-" + r));
            one.add(ms(() -> backend.apply(state, ChangeSet.domains(Set.of(d)))));
        }

        Set<String> all = new HashSet<>();
        for (int i = 0; i < n; i++) {
            state.domain(name(i), relay("203.0.113." + (10 + i % 50), 2525, Encryption.STARTTLS, "bulk" + i, "bulk-secret-" + i));
            all.add(name(i));
        }
        long tb = System.nanoTime();
        var bulkReport = backend.apply(state, ChangeSet.domains(all));
        double bulk = (System.nanoTime() - tb) / 1e6;
        if (print && Boolean.getBoolean("bench.verbose")) {
            System.out.println("  bulk steps at " + n + ": " + bulkReport.steps());
        }
        double repairNoop = ms(() -> backend.apply(state, ChangeSet.everything()));
        for (String f : List.of("sasl_passwd", "sender_relay", "sender_transport")) {
            Files.delete(dir.resolve("smarthost/" + f + ".db"));
        }
        double repairRebuild = ms(() -> backend.apply(state, ChangeSet.everything()));

        // the floor, on a copy of the largest map
        Path copy = base.resolve("floor");
        Files.copy(dir.resolve("smarthost/sasl_passwd"), copy);
        double fullPostmap = median(repeat(5, () -> postmap(dir, null, "hash:" + copy)));
        // what a rebuild of our three maps costs Postfix alone, one after the other
        List<Path> three = new ArrayList<>();
        for (String f : List.of("sasl_passwd", "sender_relay", "sender_transport")) {
            Path c = base.resolve("floor-" + f);
            Files.copy(dir.resolve("smarthost/" + f), c);
            three.add(c);
        }
        double threePostmaps = median(repeat(3, () -> {
            for (Path c : three) {
                postmap(dir, null, "hash:" + c);
            }
        }));
        List<Double> oneEntry = new ArrayList<>();
        for (int r = 0; r < ONE_DOMAIN_RUNS; r++) {
            String entry = "@" + name((r * 31) % n) + " floor" + r + ":secret\n";
            oneEntry.add(ms(() -> postmap(dir, entry, "-i", "-r", "hash:" + copy)));
        }
        if (print) System.out.printf("%-9d %12.1f %12.1f %12.1f %12.1f %12.1f %12.1f %12.1f %12.1f%n", n, median(one), median(oneEntry),
                bulk, fullPostmap, threePostmaps, repairNoop, repairRebuild, first);
        try (var files = Files.walk(base)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void postmap(Path dir, String stdin, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("/usr/sbin/postmap", "-c", dir.toString()));
        argv.addAll(List.of(args));
        var r = RUNNER.run(new Command(argv, stdin == null ? null : stdin.getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(2), java.util.Map.of(), java.util.Optional.empty()));
        if (!r.ok()) {
            throw new IllegalStateException("postmap failed: " + r.stderr());
        }
    }

    private static String name(int i) {
        return "d" + i + ".example";
    }

    interface Action {
        void run() throws Exception;
    }

    private static double ms(Action a) throws Exception {
        long t = System.nanoTime();
        a.run();
        return (System.nanoTime() - t) / 1e6;
    }

    private static List<Double> repeat(int times, Action a) throws Exception {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            out.add(ms(a));
        }
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
