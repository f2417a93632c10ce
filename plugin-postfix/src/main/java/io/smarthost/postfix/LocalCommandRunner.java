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
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
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
        long graceEnd = System.nanoTime() + OUTPUT_GRACE.toNanos();
        return new Result(p.exitValue(), out.text(graceEnd), err.text(graceEnd), Duration.ofNanos(System.nanoTime() - start),
                timedOut);
    }

    /**
     * How long the outputs may still take to end once the process is gone, as the host's runner allows: a program
     * that leaves a child holding its output open (seen: {@code postfix reload}, whose script left a {@code postlog}
     * hanging) must not hold the caller for ever; what was read by then is kept.
     */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    /** One output read to its end on a thread of its own, the first {@link #MAX_OUTPUT} bytes kept. */
    private static final class Drain {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final CompletableFuture<Void> done;

        Drain(InputStream stream) {
            done = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[8192];
                try (stream) {
                    int n;
                    while ((n = stream.read(chunk)) >= 0) {
                        synchronized (buf) {
                            if (buf.size() < MAX_OUTPUT) {
                                buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
                            }
                        }
                    }
                } catch (IOException e) {
                    // process ended; keep what was read
                }
            }, DRAINS);
        }

        /** What was read, once the output ended or at {@code deadline} (System.nanoTime), whichever is first. */
        String text(long deadline) {
            try {
                done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // still held open by a descendant (or failed): keep what was read
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
