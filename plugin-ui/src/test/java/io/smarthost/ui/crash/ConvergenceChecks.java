package io.smarthost.ui.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the crash tests assert after each interruption: the panel's self-check agrees, Postfix's own
 * tools answer what the store says, and every acknowledged change is there (an unacknowledged one
 * whole or not at all).
 */
final class ConvergenceChecks {
    /** Per scope: the value seen last, and the attempts since, acknowledged or not. */
    private final Map<String, List<Attempt>> attempts = new LinkedHashMap<>();
    private final Map<String, String> seen = new LinkedHashMap<>();
    private final List<String> domains;

    record Attempt(String host, boolean acknowledged) {
    }

    ConvergenceChecks(List<String> domains) {
        this.domains = List.copyOf(domains);
    }

    /** The JSON of a relay change (the relay in brackets: no MX lookup, like a smarthost usually is); {@code extra} (e.g. {@code "domains":[...]}) is added when not empty. */
    static String body(String relay, String extra) {
        return "{\"enabled\":true,\"host\":\"[" + relay + "]\",\"port\":587,\"encryption\":\"starttls\","
                + "\"authentication\":true,\"username\":\"user-" + relay + "\",\"password\":\"pw-" + relay + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static String body(String relay) {
        return body(relay, "");
    }

    /** The value {@code scope} had when last seen. */
    String seen(String scope) {
        return seen.get(scope);
    }

    void record(String scope, String relay, boolean acknowledged) {
        for (String s : scope.equals("bulk") ? domains : List.of(scope)) {
            attempts.computeIfAbsent(s, k -> new ArrayList<>()).add(new Attempt(relay, acknowledged));
        }
    }

    /** A change that must succeed (the convergence step, or the initial state). */
    void change(PanelProcesses panel, String scope, String relay) throws Exception {
        PanelProcesses.Answer a = panel.api("PUT", scope.equals("server") ? "server" : "domains/" + scope, body(relay),
                Duration.ofSeconds(120));
        assertEquals(200, a.status(), a.body());
        record(scope, relay, true);
    }

    void assertConverged(PanelProcesses panel, String after) throws Exception {
        // the self-check: after a restart the panel's start task may still be re-applying (GET verify waits for it)
        PanelProcesses.Answer verify = null;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            verify = panel.api("GET", "verify", null, Duration.ofSeconds(120));
            if (verify.status() == 200 && verify.json().get("agrees").asBoolean()) {
                break;
            }
            Thread.sleep(250);
        }
        assertTrue(verify != null && verify.status() == 200 && verify.json().get("agrees").asBoolean(),
                "after " + after + ": store and mail server disagree: " + (verify == null ? "" : verify.body()));

        // what the store says now, scope by scope, against what was asked and acknowledged
        for (String scope : attempts.keySet()) {
            PanelProcesses.Answer a = panel.api("GET", scope.equals("server") ? "server" : "domains/" + scope, null,
                    Duration.ofSeconds(30));
            assertEquals(200, a.status(), a.body());
            String host = a.json().get("settings").get("host").asText().replace("[", "").replace("]", "");
            List<String> allowed = allowed(scope);
            assertTrue(allowed.contains(host), "after " + after + ": " + scope + " has " + host + ", expected one of "
                    + allowed + " (attempts " + attempts.get(scope) + ")");
            seen.put(scope, host);
            attempts.put(scope, new ArrayList<>());
            // and Postfix's own tools, not the panel's self-check, answer the same
            if (scope.equals("server")) {
                assertEquals("[" + host + "]:587", postfix(panel, "postconf", "-c", panel.postfixDir().toString(), "-h",
                        "relayhost"), "after " + after + ": relayhost");
            } else {
                assertEquals("[" + host + "]:587", postfix(panel, "postmap", "-c", panel.postfixDir().toString(), "-q",
                        "@" + scope, "hash:" + panel.postfixDir().resolve("smarthost/sender_relay")),
                        "after " + after + ": sender_relay.db for " + scope);
                assertEquals("user-" + host + ":pw-" + host, postfix(panel, "postmap", "-c", panel.postfixDir().toString(),
                        "-q", "@" + scope, "hash:" + panel.postfixDir().resolve("smarthost/sasl_passwd")),
                        "after " + after + ": the login in sasl_passwd.db for " + scope);
            }
        }
    }

    /** The last acknowledged attempt, or any later unacknowledged one (or, with no acknowledged one, the value seen before). */
    private List<String> allowed(String scope) {
        List<Attempt> list = attempts.getOrDefault(scope, List.of());
        List<String> out = new ArrayList<>();
        int lastAck = -1;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).acknowledged()) {
                lastAck = i;
            }
        }
        if (lastAck < 0 && seen.containsKey(scope)) {
            out.add(seen.get(scope));
        }
        for (int i = Math.max(0, lastAck); i < list.size(); i++) {
            out.add(list.get(i).host());
        }
        return out;
    }

    private static String postfix(PanelProcesses panel, String tool, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add("/usr/sbin/" + tool);
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(panel.command(argv.toArray(String[]::new))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
