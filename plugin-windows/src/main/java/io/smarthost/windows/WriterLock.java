package io.smarthost.windows;

import io.smarthost.core.backend.BackendException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer at a time for a mail server that the panel cannot lock itself (the registry, SmarterMail's
 * web service): a lock file, held with an OS file lock for the whole apply, by this process's threads
 * one after the other and by other processes (a second panel home, a script) not at the same time.
 * The panel's own processes are serialised already by the store's apply lock; this one also covers
 * writers that do not share the panel's database. The holder writes its pid and start time into the
 * file, so that a refusal names who holds it. The OS drops the lock when its holder dies.
 */
public final class WriterLock {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    /** Work done while the lock is held. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws BackendException;
    }

    private final Path file;
    private final Duration wait;
    private final String what;

    /**
     * @param file where the lock lives (created when missing)
     * @param wait how long to wait for another writer to finish before refusing
     * @param what the mail server, for messages ({@code MailEnable's SMTP connector settings})
     */
    public WriterLock(Path file, Duration wait, String what) {
        this.file = file.toAbsolutePath().normalize();
        this.wait = wait;
        this.what = what;
    }

    public Path file() {
        return file;
    }

    public <T> T holding(Work<T> work) throws BackendException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (!local.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy("another apply in this panel");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("lock", "interrupted while waiting to write " + what, e);
        }
        try {
            if (local.getHoldCount() > 1) {
                return work.run(); // this thread holds the file lock already
            }
            return withFileLock(work, deadline);
        } finally {
            local.unlock();
        }
    }

    private <T> T withFileLock(Work<T> work, long deadline) throws BackendException {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                while (lock == null) {
                    if (System.nanoTime() > deadline) {
                        throw busy("another program (" + holder(channel) + ")");
                    }
                    Thread.sleep(50);
                    lock = channel.tryLock();
                }
                try {
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " since " + Instant.now())
                            .getBytes(StandardCharsets.UTF_8)), 0);
                    return work.run();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new BackendException("lock", "cannot lock " + file + " before writing " + what + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("lock", "interrupted while waiting to write " + what, e);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(200);
        int n = channel.read(buffer, 0);
        String text = n <= 0 ? "" : new String(buffer.array(), 0, n, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "holder unknown" : text;
    }

    private BackendException busy(String who) {
        return new BackendException("lock", who + " is writing " + what + " (lock " + file + ", waited "
                + wait.toSeconds() + " s); two applies must not interleave: try again when it has finished");
    }
}
