package io.smarthost.panel.host.home;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

/**
 * One {@code panel bin} at a time on a home whose embedded database no panel server holds.
 *
 * <p>Why: the embedded H2 file is served by the first process that opens it, the others connect to that one
 * ({@code AUTO_SERVER}). With no panel server running, the first {@code panel bin} serves it, and when it ends
 * the others lose their connection in the middle of their work; two that open the file at the same moment
 * fail with H2's "Lock file recently modified". Six {@code panel bin settings --list} started together on one
 * home: five failed. Now each takes this lock (an exclusive {@code fcntl} lock on {@code data/cli.lock},
 * released by the system when the process ends, even by {@code kill -9}) and the others wait their turn, saying
 * once for whom they wait, as {@code apt} waits for its lock. While a panel server runs it holds the database
 * for its whole life and the {@code panel bin} runs are its clients: they do not take this lock.
 *
 * <p>The file holds the holder's process id and its utility and command (never their values), for the message
 * of the ones that wait; mode 0660 (the data folder, 0700, guards it). A run that cannot open it goes on without
 * taking turns, as before this lock.
 */
public final class CliLock implements AutoCloseable {

    public static final String FILE_NAME = "cli.lock";
    /** How long a run waits by default: a long run (100,000 domains created from a file) takes well under this. */
    public static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

    private final FileChannel channel;
    private final FileLock lock;

    private CliLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDir}, waiting up to {@code wait} for the run that holds it; says once on
     * {@code err}, after a second, which run it waits for.
     *
     * @param what the utility and its command ({@code domain --create-from}), written for the others' message
     * @throws IllegalStateException with one sentence when the wait ends, the file cannot be opened, or interrupted
     */
    public static CliLock acquire(Path dataDir, String what, Duration wait, PrintStream err) {
        return tryAcquire(dataDir, what, wait, err).orElseThrow(() -> new IllegalStateException("cannot open "
                + dataDir.resolve(FILE_NAME)));
    }

    /**
     * As {@link #acquire}; empty (the run goes on without taking turns, saying so once) when the lock file cannot be
     * opened: one made by another user (a {@code sudo ./panel bin} before the service user's runs) must not stop
     * every later run, which worked before this lock existed.
     */
    public static Optional<CliLock> tryAcquire(Path dataDir, String what, Duration wait, PrintStream err) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            if (Files.notExists(file)) {
                try {
                    // group may take turns too (the data folder's group, a service user and an admin in it)
                    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw----")));
                    } else {
                        Files.createFile(file);
                    }
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another run made it first
                }
            }
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            err.println("panel bin: cannot open " + file + " (" + e.getMessage() + "): this run does not wait for others"
                    + " on this home");
            return Optional.empty();
        }
        long start = System.nanoTime();
        boolean said = false;
        try {
            while (true) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    describe(channel, what);
                    return Optional.of(new CliLock(channel, lock));
                }
                long waited = System.nanoTime() - start;
                if (waited > wait.toNanos()) {
                    throw new IllegalStateException("waited " + wait.toSeconds() + " s for other panel bin runs on this home"
                            + " (now " + holder(channel) + "); run this again once they have finished");
                }
                if (!said && waited > Duration.ofSeconds(1).toNanos()) {
                    err.println("panel bin: waiting for another panel bin on this home to finish (" + holder(channel) + ")");
                    said = true;
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(channel);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another panel bin on this home", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void describe(FileChannel channel, String what) throws IOException {
        byte[] text = ("pid " + ProcessHandle.current().pid() + ": " + what + "\n").getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text), 0);
    }

    /** What the holder wrote ("pid 1234: domain --create-from"), or "pid unknown" while it has not yet. */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(200);
            int n = channel.read(buf, 0);
            String s = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "pid unknown" : s.replaceAll("\\p{Cntrl}", "?");
        } catch (IOException e) {
            return "pid unknown";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing held
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
