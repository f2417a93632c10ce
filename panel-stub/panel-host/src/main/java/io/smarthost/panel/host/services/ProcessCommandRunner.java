package io.smarthost.panel.host.services;

import io.smarthost.panel.api.services.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CommandRunner} over {@link ProcessBuilder}: standard input is written then closed, both
 * outputs are drained on their own threads and capped at 1 MiB each (the rest is read and dropped so
 * the child never blocks), and a run past its timeout is killed with its descendants.
 */
public final class ProcessCommandRunner implements CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessCommandRunner.class);
    static final int CAP = 1 << 20;
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
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        feed(process, command.stdin());
        boolean finished;
        try {
            finished = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("{} timed out after {} and was killed", command, command.timeout());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int code = finished ? process.exitValue() : -1;
        return new Result(code, out.join(), err.join(), took, !finished);
    }

    private static void feed(Process process, byte[] stdin) {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin.length > 0) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // the program closed its input early (or exited): its exit code tells the rest
            LOG.debug("stdin not fully written: {}", e.getMessage());
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try (stream) {
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                    int room = CAP - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                }
            } catch (IOException e) {
                // stream closed when the process was killed
            }
            return kept.toString(StandardCharsets.UTF_8);
        }, runnable -> {
            Thread t = new Thread(runnable, "command-output");
            t.setDaemon(true);
            t.start();
        });
    }
}
