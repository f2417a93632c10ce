package io.smarthost.postfix;

import io.smarthost.panel.api.services.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs with {@link ProcessBuilder}, for use outside the host (tests, benchmark, tools).
 * Inside the panel the host's own {@link CommandRunner} is used.
 */
public final class LocalCommandRunner implements CommandRunner {

    private static final int MAX_OUTPUT = 1 << 20;
    /** Own threads: the common pool may have a single thread on small machines and serialize drains. */
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "command-output");
        t.setDaemon(true);
        return t;
    });

    @Override
    public Result run(Command command) throws IOException {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        pb.environment().putAll(command.env());
        command.workDir().ifPresent(d -> pb.directory(d.toFile()));
        Process p = pb.start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(command.stdin());
        } catch (IOException e) {
            // the program may exit without reading its input; its exit code tells what happened
        }
        boolean timedOut = false;
        try {
            if (!p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                p.destroyForcibly();
                p.waitFor();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.argv().get(0), e);
        }
        return new Result(p.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - start), timedOut);
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            try (stream) {
                int n;
                while ((n = stream.read(chunk)) >= 0) {
                    if (buf.size() < MAX_OUTPUT) {
                        buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
                    }
                }
            } catch (IOException e) {
                // process ended; keep what was read
            }
            return buf.toString(StandardCharsets.UTF_8);
        }, DRAINS);
    }
}
