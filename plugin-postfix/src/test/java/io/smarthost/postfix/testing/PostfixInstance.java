package io.smarthost.postfix.testing;

import io.smarthost.core.backend.BackendException;
import io.smarthost.postfix.LocalCommandRunner;
import io.smarthost.postfix.PostfixSettings;
import io.smarthost.postfix.apply.PostfixCommands;
import io.smarthost.postfix.sandbox.SandboxConfig;
import io.smarthost.panel.api.services.CommandRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A throwaway Postfix (never /etc/postfix): its own config, queue and log under a base folder,
 * listening on a free loopback port. Needs root and the postfix package.
 */
public final class PostfixInstance implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final CommandRunner runner = new LocalCommandRunner();
    private final PostfixCommands commands;

    private PostfixInstance(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.commands = new PostfixCommands(runner, Path.of("/usr/sbin"), Duration.ofSeconds(30));
    }

    /** Writes the configuration (not started). Fails loudly when Postfix is not installed. */
    public static PostfixInstance create(Path base) throws IOException {
        requirePostfix();
        int port = freePort();
        Path dir = base.resolve("postfix").toAbsolutePath();
        SandboxConfig.write(dir, OptionalInt.of(port));
        return new PostfixInstance(dir, port);
    }

    public static void requirePostfix() {
        if (!Files.isExecutable(Path.of("/usr/sbin/postfix")) || !Files.isExecutable(Path.of("/usr/sbin/postmap"))) {
            throw new IllegalStateException("Postfix is needed for these tests: apt-get install -y postfix libsasl2-modules"
                    + " (choose 'No configuration')");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("these tests run a real Postfix and need root");
        }
    }

    public Path configDir() {
        return dir;
    }

    public int smtpPort() {
        return port;
    }

    public CommandRunner runner() {
        return runner;
    }

    public PostfixSettings settings() {
        return PostfixSettings.of(dir, runner);
    }

    public void start() throws BackendException {
        commands.start(dir);
        waitForPort();
    }

    public boolean running() throws BackendException {
        return commands.running(dir);
    }

    /**
     * Stops master and waits for it to exit (postfix stop only signals it). A master still running 15 s later is
     * killed with its children, and that fails: a hung master must not outlive its test (seen with Postfix 3.7: a
     * master blocked for good writing its log to a postlogd that could not start, whose {@code postfix stop} waits on
     * postlog and times out).
     */
    public void stop() throws BackendException, IOException, InterruptedException {
        Path pidFile = dir.resolve("spool/pid/master.pid");
        String pid = Files.exists(pidFile) ? Files.readString(pidFile).strip() : "";
        java.util.Optional<ProcessHandle> master = pid.isEmpty() ? java.util.Optional.empty()
                : ProcessHandle.of(Long.parseLong(pid)).filter(p -> p.info().command().orElse("").endsWith("/master"));
        if (master.isEmpty()) {
            return;
        }
        BackendException stopFailed = null;
        try {
            commands.stop(dir);
        } catch (BackendException e) {
            stopFailed = e;
        }
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (master.get().isAlive() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        if (master.get().isAlive()) {
            master.get().descendants().forEach(ProcessHandle::destroyForcibly);
            master.get().destroyForcibly();
            IllegalStateException hung = new IllegalStateException("the Postfix master (pid " + pid + ") still ran 15 s after"
                    + " postfix stop and was killed; maillog:\n" + maillog());
            if (stopFailed != null) {
                hung.addSuppressed(stopFailed);
            }
            throw hung;
        }
        if (stopFailed != null) {
            throw stopFailed;
        }
    }

    public void flush() throws BackendException {
        commands.flushQueue(dir);
    }

    public String maillog() {
        try {
            Path log = dir.resolve("log/maillog");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read maillog: " + e + ")";
        }
    }

    /** Hands a message to this Postfix over SMTP on its loopback port. */
    public void send(String from, String to, String subject) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO test.localdomain", "250");
            command(out, in, "MAIL FROM:<" + from + ">", "250");
            command(out, in, "RCPT TO:<" + to + ">", "250");
            command(out, in, "DATA", "354");
            command(out, in, "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\n\r\nbody of " + subject + "\r\n.", "250");
            command(out, in, "QUIT", "221");
        }
    }

    /**
     * Hands a message from a sender written in Unicode ({@code anna@bücher.example}) to this Postfix over SMTP, as a
     * client does: {@code MAIL FROM:<...> SMTPUTF8} (RFC 6531), the addresses and headers in UTF-8.
     */
    public void sendSmtputf8(String from, String to, String subject) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO test.localdomain", "250");
            command(out, in, "MAIL FROM:<" + from + "> SMTPUTF8", "250");
            command(out, in, "RCPT TO:<" + to + ">", "250");
            command(out, in, "DATA", "354");
            command(out, in, "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\n\r\nbody of " + subject + "\r\n.", "250");
            command(out, in, "QUIT", "221");
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, String code) throws IOException {
        // UTF-8 is ASCII for every line but those of sendSmtputf8
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, code);
    }

    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null || !line.startsWith(code)) {
                throw new IOException("expected " + code + " from Postfix, got: " + line);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
    }

    private void waitForPort() {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("Postfix did not listen on 127.0.0.1:" + port + "; maillog:\n" + maillog());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
