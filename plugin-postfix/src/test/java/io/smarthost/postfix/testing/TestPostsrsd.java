package io.smarthost.postfix.testing;

import io.smarthost.postfix.srs.SrsDaemon;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A postsrsd of the test's own (never the machine's service): its own secret file, SRS domain and free ports
 * on 127.0.0.1, running as {@code nobody} after binding, in the foreground so that {@link #close()} ends it.
 * Needs root and Debian's {@code postsrsd} package.
 */
public final class TestPostsrsd implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/postsrsd");

    private final Process process;
    private final SrsDaemon daemon;
    private final Path log;

    private TestPostsrsd(Process process, SrsDaemon daemon, Path log) {
        this.process = process;
        this.daemon = daemon;
        this.log = log;
    }

    /** Starts postsrsd rewriting into {@code domain}, with a fresh secret under {@code base}. */
    public static TestPostsrsd start(Path base, String domain) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("postsrsd is needed for these tests: apt-get install -y postsrsd");
        }
        Path dir = Files.createDirectories(base.resolve("postsrsd"));
        Path secret = dir.resolve("secret");
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        Files.deleteIfExists(secret);
        Files.createFile(secret, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secret, Base64.getEncoder().encodeToString(key) + "\n");
        int forward = freePort();
        int reverse = freePort();
        while (reverse == forward) {
            reverse = freePort();
        }
        Path log = dir.resolve("postsrsd.log");
        Process p = new ProcessBuilder(BINARY.toString(), "-s" + secret, "-d" + domain, "-l127.0.0.1",
                "-f" + forward, "-r" + reverse, "-unobody", "-4")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TestPostsrsd d = new TestPostsrsd(p, new SrsDaemon("127.0.0.1", forward, reverse, domain), log);
        d.awaitAnswer();
        return d;
    }

    /** Where it answers, as the backend is told. */
    public SrsDaemon daemon() {
        return daemon;
    }

    private void awaitAnswer() throws InterruptedException, IOException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postsrsd exited (" + process.exitValue() + "): " + Files.readString(log));
            }
            if (daemon.problem(Duration.ofSeconds(1)).isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("postsrsd did not answer on " + daemon.forwardTable() + ": "
                + daemon.problem(Duration.ofSeconds(1)).orElse("") + "; log: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
