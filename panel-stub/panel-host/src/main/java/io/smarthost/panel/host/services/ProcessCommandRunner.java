package io.smarthost.panel.host.services;

import io.smarthost.panel.api.services.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CommandRunner} over {@link ProcessBuilder}: standard input is written (then closed) on its
 * own thread, so a program that never reads it cannot hold us past the timeout; both outputs are
 * drained on their own threads and capped at 1 MiB each (the rest is read and dropped so the child
 * never blocks); a run past its timeout is killed with its descendants. The caller waits at most the
 * timeout plus a few seconds: output still held open by an escaped grandchild is not waited for.
 */
public final class ProcessCommandRunner implements CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessCommandRunner.class);
    static final int CAP = 1 << 20;
    /** How long the outputs may still take to end once the process is gone. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);
    private final Path defaultWorkDir;

    public ProcessCommandRunner(Path defaultWorkDir) {
        this.defaultWorkDir = defaultWorkDir;
    }

    @Override
    public Result run(Command command) throws IOException {
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command.argv());
        builder.directory(command.workDir().orElse(defaultWorkDir).toFile());
        builder.environment().putAll(command.env());
        LOG.info("Running {}", command);
        Process process = builder.start();
        Drain out = new Drain(process.getInputStream(), "command-stdout");
        Drain err = new Drain(process.getErrorStream(), "command-stderr");
        daemon("command-stdin", () -> feed(process, command.stdin())).start();
        boolean finished;
        try {
            finished = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            killTree(process);
            LOG.warn("{} timed out after {} and was killed", command, command.timeout());
        }
        long graceEnd = System.nanoTime() + OUTPUT_GRACE.toNanos();
        String stdout = out.text(graceEnd);
        String stderr = err.text(graceEnd);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int code = finished ? process.exitValue() : -1;
        return new Result(code, stdout, stderr, took, !finished);
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void feed(Process process, byte[] stdin) {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin.length > 0) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // the program closed its input early, exited or was killed: its exit code tells the rest
            LOG.debug("stdin not fully written: {}", e.getMessage());
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        return t;
    }

    /** Reads one output to its end on its own thread, keeping the first {@link #CAP} bytes. */
    private static final class Drain {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;

        Drain(InputStream stream, String name) {
            thread = daemon(name, () -> read(stream));
            thread.start();
        }

        private void read(InputStream stream) {
            byte[] buffer = new byte[8192];
            try (stream) {
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                    synchronized (kept) {
                        int room = CAP - kept.size();
                        if (room > 0) {
                            kept.write(buffer, 0, Math.min(room, n));
                        }
                    }
                }
            } catch (IOException e) {
                // stream closed when the process was killed
            }
        }

        /** What was read, once the output ended or at {@code deadline} (System.nanoTime), whichever is first. */
        String text(long deadline) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
