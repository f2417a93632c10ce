package io.smarthost.ui.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.TestRelay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/** The panel's sandbox Postfix started for real (the delivery tests hand it mail), and stopped again. */
public final class SandboxPostfix implements AutoCloseable {
    final Path dir;

    private SandboxPostfix(Path dir) {
        this.dir = dir;
    }

    /** A STARTTLS relay on 127.0.0.1 that accepts the server's, alice's and bob's logins. */
    static TestRelay startRelay(String serverSecret) {
        return TestRelay.start(TestRelay.Mode.STARTTLS, Map.of("server-login", serverSecret, "alice-login", "alice-pw",
                "bob-login", "bob-pw"));
    }

    /** A panel that trusts the test relay's certificate and whose SPF checks give up at once (no DNS server). */
    static TestPanel startPanel(Path home) {
        return TestPanel.builder(home).classpathPlugin("smarthost").ini("[mail]\nsmarthost.allowUntrustedCertificate = true\n"
                + "smarthost.spf.resolver = 127.0.0.1:9\nsmarthost.spf.timeout_ms = 200\n").start();
    }

    /** Starts the sandbox Postfix of {@code panel}; a failure says what the maillog and the files' modes were. */
    static SandboxPostfix start(TestPanel panel) throws IOException, InterruptedException {
        return start(panel.home());
    }

    /**
     * Starts the sandbox Postfix of the panel home {@code home} (the delivery tests, the REST benchmark); a failure
     * says what the maillog and the files' modes were, and stops a master that came up all the same.
     */
    public static SandboxPostfix start(Path home) throws IOException, InterruptedException {
        SandboxPostfix postfix = new SandboxPostfix(home.resolve("mail-sandbox/postfix"));
        // the postfix user must reach the sandbox's data folder (master.lock): the home is 0700 (a temporary folder)
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            run("/usr/sbin/postfix", "-c", postfix.dir.toString(), "start");
        } catch (AssertionError e) {
            try (var files = Files.walk(home)) {
                AssertionError failure = new AssertionError(e.getMessage() + "\nmaillog:\n" + postfix.maillog() + "\nfiles: "
                        + files.map(f -> f + " " + perms(f)).toList());
                try {
                    postfix.close();
                } catch (IOException | InterruptedException | AssertionError stopping) {
                    failure.addSuppressed(stopping);
                }
                throw failure;
            }
        }
        return postfix;
    }

    /** The sandbox's configuration folder. */
    public Path dir() {
        return dir;
    }

    /** Stops Postfix and waits until its master process is gone; fails when it still runs 15 s later. */
    void stop() throws IOException, InterruptedException {
        // the master's pid, read before it exits (it removes its pid file)
        String pid = masterPid();
        run("/usr/sbin/postfix", "-c", dir.toString(), "stop");
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (alive(pid) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        if (alive(pid)) {
            // a hung master must not outlive its test: killed with its children, and the test fails
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(master -> {
                master.descendants().forEach(ProcessHandle::destroyForcibly);
                master.destroyForcibly();
            });
            throw new AssertionError("the sandbox's Postfix master (pid " + pid + ") still ran 15 s after postfix stop and was"
                    + " killed; maillog:\n" + maillog());
        }
    }

    /** {@link #stop()} when a master runs (after a failed start, maybe none does). */
    @Override
    public void close() throws IOException, InterruptedException {
        if (alive(masterPid())) {
            stop();
        }
    }

    /** The pid in the master's pid file; empty when there is none. */
    private String masterPid() throws IOException {
        Path pidFile = dir.resolve("spool/pid/master.pid");
        return Files.exists(pidFile) ? Files.readString(pidFile).strip() : "";
    }

    private static boolean alive(String pid) {
        return !pid.isEmpty() && Files.exists(Path.of("/proc", pid));
    }

    String maillog() {
        try {
            return Files.readString(dir.resolve("log/maillog"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The REST body of a STARTTLS relay on {@code relay} (its certificate not verified) with this login. */
    static String relayJson(TestRelay relay, String user, String password) {
        return "{\"host\":\"[127.0.0.1]\",\"port\":" + relay.port() + ",\"encryption\":\"starttls\",\"verifyCertificate\":false,"
                + "\"authentication\":true,\"username\":\"" + user + "\",\"password\":\"" + password + "\"}";
    }

    /**
     * Runs a Postfix command, its output in a file: the scripts leave children (postsuper, postlog) that may hold a
     * pipe open long after the command ended. Fails when it runs longer than a minute.
     */
    static String run(String... argv) throws IOException, InterruptedException {
        Path out = Files.createTempFile("postfix-command", ".out");
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean ended = p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(ended, String.join(" ", argv) + " still ran after 60 s: " + text);
            assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + text);
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String perms(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            return "?";
        }
    }
}
