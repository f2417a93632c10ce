package io.smarthost.postfix.apply;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The file {@code smarthost/.pending}: written before an apply changes a live
 * file, removed once the apply committed or rolled back cleanly. A process killed in between leaves
 * it, and the next apply then trusts nothing on disk: it rewrites every file and rebuilds every
 * {@code .db} from the desired state (a text map edited in place may be ahead of its index).
 */
public final class PendingMarker {

    private PendingMarker() {
    }

    static void write(Layout layout, String what) throws IOException {
        if (Files.exists(layout.pending())) {
            return;
        }
        Files.createDirectories(layout.mapsDir());
        byte[] text = (Instant.now() + " pid " + ProcessHandle.current().pid() + ": " + what + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(layout.pending(), java.util.Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(PrivateFiles.FILE))) {
            ch.write(java.nio.ByteBuffer.wrap(text));
            // no fsync: a killed process leaves its writes in the page cache; the map files are not fsynced either
        }
    }

    static void clear(Layout layout) throws IOException {
        Files.deleteIfExists(layout.pending());
    }

    /** What the marker says (when, which process, what it was doing), or why it cannot be read. */
    public static String describe(Layout layout) {
        try {
            return Files.readString(layout.pending(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "marker unreadable: " + e.getMessage();
        }
    }
}
