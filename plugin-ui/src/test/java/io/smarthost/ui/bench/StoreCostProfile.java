package io.smarthost.ui.bench;

import io.smarthost.core.service.Confirm;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.service.SmarthostService;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.host.domains.DomainManager;
import io.smarthost.panel.host.testing.TestPanel;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each many-domain operation costs in figures a loaded machine does not move: SQL statements
 * executed and rows they returned or wrote (H2's query statistics), bytes allocated by every thread,
 * and process CPU time (less noisy than wall time when other builds share the cores), per domain.
 * Operations: provisioning ({@code DomainManager.createAll}), two bulk changes of every domain, a
 * repair, the Smarthosts list's page 1 and a filter.
 *
 * <p>Run: {@code mvn -B -Pbench-cost -DskipTests verify -pl plugin-ui -am -Dbench.sizes=100000} (one size)
 * ({@code -Dbench.sql=true} prints the statements of each operation, {@code -Dbench.jfr=DIR} records each
 * operation with Flight Recorder's profile settings into {@code DIR/operation.jfr}).
 */
public final class StoreCostProfile {
    private static final boolean SQL = Boolean.getBoolean("bench.sql");

    private StoreCostProfile() {
    }

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args.length > 0 ? args[0] : "100000");
        Path home = Files.createTempDirectory("smarthost-cost");
        try (TestPanel panel = TestPanel.builder(home).classpathPlugin("smarthost").demoData(false).withoutWeb().start()) {
            panel.createCustomer("bench");
            SmarthostService service = SmarthostRuntime.service(panel.panel().services("smarthost"));
            try (Connection c = panel.panel().jdbc().database().connection(); Statement st = c.createStatement()) {
                st.execute("set query_statistics_max_entries 10000");
                st.execute("set query_statistics true");
            }
            System.out.printf(Locale.ROOT, "%-22s %9s %9s %11s %12s %11s %12s %10s %8s %8s%n", "operation (" + size + ")", "wall ms",
                    "cpu ms", "statements", "stmts/domain", "rows", "rows/domain", "alloc MB", "rss MB", "after gc");
            List<DomainManager.NewDomain> lines = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                names.add("d" + i + ".bench.example");
                lines.add(new DomainManager.NewDomain(i + 1, names.get(i), "bench"));
            }
            measure(panel, size, "provision", () -> panel.panel().domainManager().createAll(lines, n -> { }));
            lines.clear();
            RelayInput base = RelayInput.builder().enabled(true).host("[192.0.2.10]").port("587")
                    .encryption("starttls").verifyCertificate(false).authentication(true)
                    .username("bench-user").password(Secret.of("bench secret")).build();
            service.updateServer(base, Confirm.TAKE_OVER_MANUAL);
            measure(panel, size, "bulk first", () -> service.bulkUpdate(names, base, Confirm.TAKE_OVER_MANUAL));
            RelayInput second = RelayInput.builder().enabled(true).host("[192.0.2.11]").port("2525")
                    .encryption("starttls").verifyCertificate(false).authentication(true)
                    .username("bench-user-2").password(Secret.of("bench secret 2")).build();
            measure(panel, size, "bulk second", () -> service.bulkUpdate(names, second, Confirm.TAKE_OVER_MANUAL));
            measure(panel, size, "repair", service::repair);
            measure(panel, size, "one domain", () -> service.updateDomain(names.get(size / 2), base));
            measure(panel, size, "list page 1", () -> service.list("", 0, 50));
            measure(panel, size, "list filter", () -> service.list("d4242", 0, 50));
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.out.printf(Locale.ROOT, "heap used after a full GC: %.1f MB, committed %.1f MB, RSS %.0f MB%n",
                    (rt.totalMemory() - rt.freeMemory()) / 1e6, rt.totalMemory() / 1e6, rssMb());
            if (Boolean.getBoolean("bench.nmt")) {
                System.out.println(java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
                        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                        new Object[] {new String[] {"summary", "scale=MB"}}, new String[] {String[].class.getName()}));
            }
        } finally {
            try (var walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(TestPanel panel, int size, String what, Runnable work) throws Exception {
        Map<String, long[]> before = statistics(panel);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long alloc = allocated();
        jdk.jfr.Recording recording = null;
        if (System.getProperty("bench.jfr") != null) {
            recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.start();
        }
        long t = System.nanoTime();
        work.run();
        if (recording != null) {
            recording.stop();
            recording.dump(Path.of(System.getProperty("bench.jfr"), what.replace(' ', '-') + ".jfr"));
            recording.close();
        }
        double wall = (System.nanoTime() - t) / 1e6;
        double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6;
        double allocMb = (allocated() - alloc) / 1e6;
        Map<String, long[]> after = statistics(panel);
        long statements = 0;
        long rows = 0;
        List<String> lines = new ArrayList<>();
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long n = e.getValue()[0] - b[0];
            long r = e.getValue()[1] - b[1];
            if (n > 0) {
                statements += n;
                rows += r;
                lines.add(String.format(Locale.ROOT, "    %8d x %9d rows  %s", n, r, abbreviated(e.getKey())));
            }
        }
        double rss = rssMb();
        System.gc(); // as a bulk job and a repair end
        System.out.printf(Locale.ROOT, "%-22s %9.0f %9.0f %11d %12.3f %11d %12.2f %10.0f %8.0f %8.0f%n", what, wall, cpuMs, statements,
                (double) statements / size, rows, (double) rows / size, allocMb, rss, rssMb());
        if (SQL) {
            lines.sort(null);
            lines.forEach(System.out::println);
        }
    }

    private static String abbreviated(String sql) {
        String one = sql.replaceAll("\\s+", " ").replaceAll("(\\?,){3,}\\?", "?,...,?");
        return one.length() > 160 ? one.substring(0, 160) + "..." : one;
    }

    private static Map<String, long[]> statistics(TestPanel panel) throws Exception {
        Map<String, long[]> out = new HashMap<>();
        try (Connection c = panel.panel().jdbc().database().connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select sql_statement, execution_count, cumulative_row_count"
                     + " from information_schema.query_statistics")) {
            while (rs.next()) {
                String sql = rs.getString(1);
                if (!sql.contains("query_statistics")) {
                    out.put(sql, new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return out;
    }

    private static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    private static long allocated() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(0, a);
        }
        return sum;
    }
}
