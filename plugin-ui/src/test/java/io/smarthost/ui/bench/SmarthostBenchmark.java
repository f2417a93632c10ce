package io.smarthost.ui.bench;

import static io.smarthost.ui.bench.BenchSupport.ms;

import io.smarthost.core.service.Confirm;
import io.smarthost.core.service.ListOrder;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The whole stack at 1,000 / 10,000 / 100,000 domains: a real panel (H2 store on disk), the smarthost
 * service, and the Postfix backend writing the sandbox configuration with Postfix's own tools.
 * Prints, per size: the bulk change that gives every domain its own relay and login (one transaction,
 * one apply), the median of a one-domain change, a full repair, the Smarthosts list page (first,
 * middle, filtered) and the self-check ({@code verify}).
 *
 * <p>Run: {@code ./panel bench} (or {@code mvn -B -Pbench -DskipTests verify -pl plugin-ui -am}). Domains
 * are seeded with one SQL batch (the host's domain creation, with its DNS zone and listeners, is not
 * what is measured here); everything measured goes through the plugin's public service.
 */
public final class SmarthostBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 21);

    private SmarthostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,10000,100000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        System.out.printf(Locale.ROOT, "%9s %10s %12s %10s %11s %11s %11s %12s %10s%n", "domains", "bulk ms",
                "one-domain ms", "repair ms", "list p1 ms", "list mid ms", "filter ms", "by relay ms", "verify ms");
        run(200, false); // warm-up: class loading, JIT, Postfix's first runs
        for (int size : sizes) {
            run(size, true);
        }
    }

    private static void run(int size, boolean print) throws Exception {
        Path home = Files.createTempDirectory("smarthost-bench");
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").demoData(false).withoutWeb().start()) {
            panel.createCustomer("bench");
            List<String> names = seedDomains(panel, size);
            SmarthostService service = SmarthostRuntime.service(panel.panel().services("smarthost"));
            RelayInput base = RelayInput.builder().enabled(true).host("[192.0.2.10]").port("587")
                    .encryption("starttls").verifyCertificate(false).authentication(true)
                    .username("bench-user").password(Secret.of("bench secret")).build();
            service.updateServer(base, Confirm.TAKE_OVER_MANUAL);

            long t0 = System.nanoTime();
            service.bulkUpdate(names, base, Confirm.TAKE_OVER_MANUAL);
            double bulk = ms(t0);

            double[] one = new double[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                String domain = names.get((i * 7919) % names.size());
                RelayInput change = RelayInput.builder().enabled(true).host("[192.0.2." + (20 + i % 200) + "]")
                        .port(Integer.toString(2525 + i)).encryption(i % 2 == 0 ? "starttls" : "tls")
                        .verifyCertificate(false).authentication(true).username("user-" + i)
                        .password(Secret.of("secret " + i)).build();
                long t = System.nanoTime();
                service.updateDomain(domain, change);
                one[i] = ms(t);
            }
            Arrays.sort(one);

            t0 = System.nanoTime();
            service.repair();
            double repair = ms(t0);

            t0 = System.nanoTime();
            service.list("", 0, 50);
            double first = ms(t0);
            t0 = System.nanoTime();
            service.list("", size / 2, 50);
            double middle = ms(t0);
            t0 = System.nanoTime();
            service.list("d4242", 0, 50);
            double filtered = ms(t0);
            // Sorted by relay: one streamed pass over every domain row (median of a few pages).
            double[] relay = new double[5];
            for (int i = 0; i < relay.length; i++) {
                t0 = System.nanoTime();
                service.list("", ListOrder.RELAY, false, 0, 50);
                relay[i] = ms(t0);
            }
            Arrays.sort(relay);
            // The self-check: main.cf, master.cf, three maps and what their .db hold (postmap -s), median of 3.
            double[] verify = new double[3];
            for (int i = 0; i < verify.length; i++) {
                t0 = System.nanoTime();
                if (!service.verify().agrees()) {
                    throw new IllegalStateException("the self-check disagrees after the benchmark's changes");
                }
                verify[i] = ms(t0);
            }
            Arrays.sort(verify);

            if (print) {
                System.out.printf(Locale.ROOT, "%9d %10.1f %12.1f %10.1f %11.1f %11.1f %11.1f %12.1f %10.1f%n", size,
                        bulk, one[ROUNDS / 2], repair, first, middle, filtered, relay[relay.length / 2],
                        verify[verify.length / 2]);
            }
        } finally {
            deleteTree(home);
        }
    }

    private static List<String> seedDomains(TestPanel panel, int size) throws Exception {
        List<String> names = new ArrayList<>(size);
        try (var connection = panel.panel().jdbc().database().connection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into domains(name, owner) values (?, ?)")) {
                for (int i = 0; i < size; i++) {
                    String name = "d" + i + ".bench.example";
                    names.add(name);
                    insert.setString(1, name);
                    insert.setString(2, "bench");
                    insert.addBatch();
                    if (i % 5000 == 4999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            try (var bump = connection.createStatement()) {
                // as the panel's own domain changes do: its names kept in memory for filters are read again
                bump.executeUpdate("update domain_names_generation set generation = generation + 1 where id = 1");
            }
            connection.commit();
        }
        return names;
    }

    private static void deleteTree(Path root) throws Exception {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
