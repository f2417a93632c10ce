package io.smarthost.postfix.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.core.delivery.Delivery;
import io.smarthost.core.delivery.DeliveryLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a Postfix log file ({@code /var/log/mail.log}, or Postfix's own {@code maillog_file}) incrementally.
 *
 * <p>The cursor is the file's inode, the offset of the first byte not yet read (always the start of a line) and
 * the senders of messages still in flight ({@link PendingSenders}, newest {@link #PENDING_KEPT}). Rotation:
 *
 * <ul>
 *   <li>by rename ({@code logrotate}, {@code postfix logrotate}): the open file is read to its end first, then
 *       the new file from its start; a panel that was stopped meanwhile finds the old file by its inode among the
 *       log's siblings ({@code mail.log.1}, {@code maillog.20261205-...}, not compressed ones) and finishes it;</li>
 *   <li>by truncation ({@code copytruncate}): a file shorter than the offset is read again from its start.</li>
 * </ul>
 *
 * A line still being written (no newline yet) waits for the next read; a line longer than the buffer
 * ({@link #BUFFER} bytes) is skipped. Memory: one buffer and the pending senders, whatever the size of the log.
 */
public final class LogFileReader implements DeliveryLog {
    static final int BUFFER = 1 << 20;
    static final int PENDING_KEPT = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final PendingSenders pending = new PendingSenders();
    private final PostfixLogParser parser;
    private final byte[] buf = new byte[BUFFER];
    private int filled;
    private boolean skippingLongLine;

    private FileChannel channel;
    private long inode;
    /** File offset of {@code buf[0]}. */
    private long offset;
    /** Where {@link #restore} asked to continue, until the file is opened. */
    private long wantedInode;
    private long wantedOffset;

    public LogFileReader(Path path, Clock clock, ZoneId zone) {
        this.path = path.toAbsolutePath().normalize();
        this.parser = new PostfixLogParser(clock, zone, pending);
    }

    @Override
    public String source() {
        return path.toString();
    }

    @Override
    public ReadStats read(Consumer<Delivery> sink, int maxLines) throws IOException {
        long[] counts = new long[3]; // lines, deliveries, skipped
        if (channel == null && !open()) {
            return new ReadStats(0, 0, 0, true);
        }
        if (filled > 0) {
            scan(sink, counts, maxLines); // lines left over when the previous read stopped at maxLines
        }
        while (counts[0] < maxLines) {
            int n = channel.read(ByteBuffer.wrap(buf, filled, buf.length - filled), offset + filled);
            if (n > 0) {
                filled += n;
                scan(sink, counts, maxLines);
                continue;
            }
            if (!switchedFile(counts)) {
                return new ReadStats(counts[0], counts[1], counts[2], true);
            }
        }
        return new ReadStats(counts[0], counts[1], counts[2], false);
    }

    /** Parses the complete lines in the buffer (up to {@code maxLines} in all) and keeps the rest. */
    private void scan(Consumer<Delivery> sink, long[] counts, int maxLines) {
        int start = 0;
        for (int i = 0; i < filled; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            if (skippingLongLine) {
                skippingLongLine = false;
            } else {
                counts[0]++;
                switch (parser.line(buf, start, i, sink)) {
                    case DELIVERY -> counts[1]++;
                    case FOREIGN, MALFORMED -> counts[2]++;
                    default -> { }
                }
            }
            start = i + 1;
            if (counts[0] >= maxLines) {
                break;
            }
        }
        if (start == 0 && filled == buf.length) {
            // a line longer than the buffer: drop what we have and skip to its end
            if (!skippingLongLine) {
                counts[2]++;
            }
            skippingLongLine = true;
            start = filled;
        }
        offset += start;
        System.arraycopy(buf, start, buf, 0, filled - start);
        filled -= start;
    }

    /** At the end of the open file: follows a rotation or a truncation; false when there is nothing more. */
    private boolean switchedFile(long[] counts) throws IOException {
        Optional<Long> now = inodeOf(path);
        if (now.isPresent() && now.get() != inode) {
            if (filled > 0) {
                counts[2]++; // the old file ended in the middle of a line
            }
            channel.close();
            channel = null;
            resetTo(0);
            return open();
        }
        if (channel.size() < offset + filled) {
            resetTo(0); // truncated in place (copytruncate): read it again from its start
            return true;
        }
        return false;
    }

    private void resetTo(long newOffset) {
        offset = newOffset;
        filled = 0;
        skippingLongLine = false;
    }

    /** Opens the file the cursor names (or the rotated file that still has its inode), else the log from its start. */
    private boolean open() throws IOException {
        Optional<Long> current = inodeOf(path);
        Path file = path;
        long start = 0;
        if (wantedInode != 0) {
            if (current.isPresent() && current.get() == wantedInode) {
                start = wantedOffset;
            } else {
                Optional<Path> rotated = findByInode(wantedInode);
                if (rotated.isPresent()) {
                    file = rotated.get();
                    start = wantedOffset;
                }
            }
            wantedInode = 0;
        }
        if (file == path && current.isEmpty()) {
            return false;
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        inode = inodeOf(file).orElse(0L);
        resetTo(start > channel.size() ? 0 : start);
        return true;
    }

    private Optional<Path> findByInode(long wanted) {
        Path dir = path.getParent();
        String name = path.getFileName().toString();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(name) && !n.equals(name) && !n.endsWith(".gz") && !n.endsWith(".xz")
                    && !n.endsWith(".bz2") && !n.endsWith(".zst");
        })) {
            for (Path p : siblings) {
                if (inodeOf(p).orElse(-1L) == wanted) {
                    return Optional.of(p);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    static Optional<Long> inodeOf(Path p) {
        try {
            return Optional.of((Long) Files.getAttribute(p, "unix:ino"));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    @Override
    public String cursor() {
        ObjectNode o = JSON.createObjectNode();
        o.put("path", path.toString());
        if (channel != null) {
            o.put("ino", inode).put("off", offset);
        } else if (wantedInode != 0) {
            o.put("ino", wantedInode).put("off", wantedOffset);
        }
        ArrayNode p = o.putArray("pending");
        for (Map.Entry<String, String> e : pending.newest(PENDING_KEPT)) {
            p.addArray().add(e.getKey()).add(e.getValue());
        }
        return o.toString();
    }

    @Override
    public void restore(String cursor) {
        close();
        pending.clear();
        resetTo(0);
        wantedInode = 0;
        wantedOffset = 0;
        if (cursor == null || cursor.isBlank()) {
            return;
        }
        try {
            JsonNode o = JSON.readTree(cursor);
            if (!path.toString().equals(o.path("path").asText())) {
                return; // another log file than the one read before: start at its beginning
            }
            wantedInode = o.path("ino").asLong(0);
            wantedOffset = o.path("off").asLong(0);
            for (JsonNode e : o.path("pending")) {
                pending.put(e.get(0).asText(), e.get(1).asText());
            }
        } catch (IOException | RuntimeException e) {
            wantedInode = 0; // unreadable: from the beginning
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to save
            }
            channel = null;
        }
    }
}
