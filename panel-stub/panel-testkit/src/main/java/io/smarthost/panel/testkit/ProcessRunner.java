package io.smarthost.panel.testkit;

import io.smarthost.panel.api.services.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a process for real, feeding stdin and capturing output (the first MiB of each stream), killed
 * at the command's timeout: the command runner of {@link TestHostServices}.
 */
public final class ProcessRunner implements CommandRunner {

    @Override
    public Result run(Command command) throws IOException {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        pb.environment().putAll(command.env());
        command.workDir().ifPresent(d -> pb.directory(d.toFile()));
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(command.stdin());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        boolean done;
        try {
            done = p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            o.join();
            e.join();
        } catch (InterruptedException ex) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
        return new Result(done ? p.exitValue() : -1, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start), !done);
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try {
                byte[] buf = new byte[8192];
                int n;
                while ((n = from.read(buf)) > 0) {
                    if (to.size() < (1 << 20)) {
                        to.write(buf, 0, Math.min(n, (1 << 20) - to.size()));
                    }
                }
            } catch (IOException ignored) {
                // The process ended; what was read is kept.
            }
        });
        t.start();
        return t;
    }
}
