package io.smarthost.postfix.apply;

import io.smarthost.core.backend.BackendException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serializes applies to one configuration folder: an in-process lock (file locks are per process,
 * so two threads of the panel would otherwise both get one) plus a file lock against other
 * processes (a CLI run beside the web server).
 */
final class ApplyLock implements AutoCloseable {

    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final ReentrantLock lock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private ApplyLock(ReentrantLock lock, FileChannel channel, FileLock fileLock) {
        this.lock = lock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    static ApplyLock acquire(Layout layout) throws BackendException {
        ReentrantLock lock = LOCKS.computeIfAbsent(layout.configDir(), k -> new ReentrantLock());
        lock.lock();
        FileChannel channel = null;
        try {
            Files.createDirectories(layout.mapsDir());
            channel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new ApplyLock(lock, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            lock.unlock();
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // nothing was locked
            }
            throw new BackendException("lock", "cannot lock " + layout.lockFile() + ": " + e.getMessage()
                    + " (is the configuration folder writable?)", e);
        }
    }

    @Override
    public void close() {
        try {
            fileLock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway
        } finally {
            lock.unlock();
        }
    }
}
