package io.smarthost.ui.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** What the benchmarks share: timing, figures, a free port, a relay's REST body, cleaning up a panel's home. */
final class BenchSupport {
    private BenchSupport() {
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    /** A figure as the reports print it: two decimals below 10, one above. */
    static String figure(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.1f", v);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops a panel process (if it runs): asked first, killed after 30 s. */
    /** A call that answers an HTTP status (a GET of {@code /login}). */
    @FunctionalInterface
    interface Status {
        int get() throws Exception;
    }

    /**
     * Waits until the panel started as {@code panel} answers {@code /login} with 200; fails with its log when
     * it stopped, or after {@code seconds}.
     */
    static void awaitLogin(Process panel, Path log, int seconds, Status login) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                if (login.get() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!panel.isAlive()) {
                throw new IllegalStateException("the panel stopped: " + Files.readString(log));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the panel did not answer within " + seconds + " s");
    }

    static void stopPanel(Process panel) throws InterruptedException {
        if (panel != null && panel.isAlive()) {
            panel.destroy();
            if (!panel.waitFor(30, TimeUnit.SECONDS)) {
                panel.destroyForcibly().waitFor();
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The REST body of an authenticated STARTTLS relay at {@code [ip]:port}, taking over manual settings. */
    static String relay(String ip, int port, String user, String password) {
        return "{\"enabled\":true,\"host\":\"[" + ip + "]\",\"port\":\"" + port + "\",\"encryption\":\"starttls\","
                + "\"verifyCertificate\":false,\"authentication\":true,\"username\":\"" + user + "\",\"password\":\""
                + password + "\",\"confirmTakeover\":true}";
    }

    /** The bulk change's body: {@link #relay} for every one of {@code domains}. */
    static String bulkBody(List<String> domains, String ip, int port, String user, String password) {
        String r = relay(ip, port, user, password);
        StringBuilder b = new StringBuilder("{\"domains\":[");
        for (int i = 0; i < domains.size(); i++) {
            b.append(i == 0 ? "\"" : ",\"").append(domains.get(i)).append('"');
        }
        return b.append("],").append(r, 1, r.length()).toString();
    }
}
