package io.smarthost.ui.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
final class SandboxPostfix {
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
        SandboxPostfix postfix = new SandboxPostfix(panel.home().resolve("mail-sandbox/postfix"));
        // the postfix user must reach the sandbox's data folder (master.lock): the test home is 0700
        Files.setPosixFilePermissions(panel.home(), PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            run("/usr/sbin/postfix", "-c", postfix.dir.toString(), "start");
        } catch (AssertionError e) {
            try (var files = Files.walk(panel.home())) {
                throw new AssertionError(e.getMessage() + "\nmaillog:\n" + postfix.maillog() + "\nfiles: "
                        + files.map(f -> f + " " + perms(f)).toList());
            }
        }
        return postfix;
    }

    /** Stops Postfix and waits (up to 15 s) until its master process is gone. */
    void stop() throws IOException, InterruptedException {
        run("/usr/sbin/postfix", "-c", dir.toString(), "stop");
        Path pid = dir.resolve("spool/pid/master.pid");
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String p = Files.exists(pid) ? Files.readString(pid).strip() : "";
        while (!p.isEmpty() && Files.exists(Path.of("/proc", p)) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
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

    static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
        return out;
    }

    private static String perms(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            return "?";
        }
    }
}
