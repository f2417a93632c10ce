package io.smarthost.ui.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "One truth": kill -9 the CLI or the panel at random instants of server, one-domain and bulk
 * changes (a slow postmap stand-in widens the window in which files are half-written), then let the
 * next change or a restart converge, and check after every kill that
 * <ul>
 * <li>the self-check ({@code GET verify}) finds store, text maps, {@code .db} indexes, main.cf and
 *     master.cf in agreement;
 * <li>independently of it, Postfix's own tools ({@code postconf -h relayhost}, {@code postmap -q})
 *     answer what the store says;
 * <li>every acknowledged change (exit 0, HTTP 200) is there, and an unacknowledged one is either there
 *     whole or not at all.
 * </ul>
 * At least {@link #KILLS} kills, bounded in time. The seed is printed, so a failure can be replayed
 * with {@code -Dcrash.seed=N}.
 */
class KillLoopIT {
    static final int KILLS = 40;
    static final List<String> DOMAINS = List.of("example.com", "example.net", "shop.example.org");
    static final Duration BUDGET = Duration.ofMinutes(12);

    @TempDir
    Path base;

    final ConvergenceChecks checks = new ConvergenceChecks(DOMAINS);

    @Test
    void everyKillConvergesAndNoAcknowledgedChangeIsLost() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        System.out.println("KillLoopIT seed " + seed + " (replay with -Dcrash.seed=" + seed + ")");
        Random random = new Random(seed);
        try (PanelProcesses panel = new PanelProcesses(base)) {
            panel.slowPostmap(100);
            panel.startServer();
            // a first, acknowledged state everywhere: server relay and the three domains
            checks.change(panel, "server", "relay-0.example");
            for (String d : DOMAINS) {
                checks.change(panel, d, "relay-0.example");
            }
            checks.assertConverged(panel, "initial state");

            int kills = 0;
            int iteration = 0;
            long deadline = System.nanoTime() + BUDGET.toNanos();
            List<String> log = new ArrayList<>();
            while (kills < KILLS) {
                if (System.nanoTime() > deadline) {
                    fail("only " + kills + " kills in " + BUDGET + ": " + log);
                }
                iteration++;
                String relay = "relay-" + iteration + ".example";
                String scope = random.nextInt(4) == 0 ? "server" : random.nextInt(5) == 0 ? "bulk"
                        : DOMAINS.get(random.nextInt(DOMAINS.size()));
                boolean killed;
                String how;
                if (random.nextInt(20) < 13) { // 65 % through the CLI
                    how = "cli " + scope;
                    killed = cliChangeKilled(panel, random, scope, relay);
                } else {
                    how = "rest " + scope;
                    killed = restChangeKilled(panel, random, scope, relay);
                }
                if (killed) {
                    kills++;
                }
                // converge: a restart, or the next change (through the API)
                String after;
                if (!panel.serverRunning() || random.nextInt(5) == 0) {
                    panel.stopServer();
                    panel.startServer();
                    after = "restart";
                } else {
                    String other = DOMAINS.get(random.nextInt(DOMAINS.size()));
                    checks.change(panel, other, "next-" + iteration + ".example");
                    after = "next change on " + other;
                }
                log.add(iteration + ": " + how + (killed ? " killed" : " finished") + ", then " + after);
                checks.assertConverged(panel, log.get(log.size() - 1));
            }
            System.out.println("KillLoopIT: " + kills + " kills in " + iteration + " changes; all converged");
        }
    }

    /** Runs a change through {@code panel bin smarthost} and kills it at a random instant. */
    private boolean cliChangeKilled(PanelProcesses panel, Random random, String scope, String relay) throws Exception {
        List<String> args = new ArrayList<>(List.of("smarthost"));
        switch (scope) {
            case "server" -> args.add("--update");
            case "bulk" -> args.addAll(List.of("--update-domains", "-domains", String.join(",", DOMAINS)));
            default -> args.addAll(List.of("--update-domain", scope));
        }
        args.addAll(List.of("-enabled", "true", "-host", "[" + relay + "]", "-port", "587", "-encryption", "starttls", "-auth",
                "true", "-username", "user-" + relay, "-password-stdin"));
        Process p = panel.startCli("pw-" + relay + "\n", args.toArray(String[]::new));
        long delay = 600 + random.nextInt(2000);
        boolean finished = p.waitFor(delay, TimeUnit.MILLISECONDS);
        if (!finished) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        boolean acknowledged = finished && p.exitValue() == 0;
        if (finished && !acknowledged) {
            PanelProcesses.Run r = panel.await(p, Duration.ofSeconds(1), false);
            fail("a change that was not killed failed: " + r.err());
        }
        checks.record(scope, relay, acknowledged);
        return !finished;
    }

    /** Sends a change through the REST API and kills the panel at a random instant of it. */
    private boolean restChangeKilled(PanelProcesses panel, Random random, String scope, String relay) throws Exception {
        String body = ConvergenceChecks.body(relay, scope.equals("bulk")
                ? "\"domains\":" + PanelProcesses.JSON.writeValueAsString(DOMAINS) : "");
        String path = scope.equals("server") ? "server" : scope.equals("bulk") ? "bulk/update" : "domains/" + scope;
        CompletableFuture<HttpResponse<String>> call = panel.apiAsync(scope.equals("bulk") ? "POST" : "PUT", path, body);
        Thread.sleep(random.nextInt(700));
        boolean finished = call.isDone();
        panel.killServer();
        boolean acknowledged = false;
        try {
            HttpResponse<String> r = call.get(30, TimeUnit.SECONDS);
            acknowledged = r.statusCode() == 200;
            if (!acknowledged) {
                fail("a change was refused: " + r.statusCode() + " " + r.body());
            }
        } catch (java.util.concurrent.ExecutionException cut) {
            // the connection died with the panel: not acknowledged
        }
        checks.record(scope, relay, acknowledged);
        return !finished;
    }

}
