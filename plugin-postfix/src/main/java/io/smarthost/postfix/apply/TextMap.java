package io.smarthost.postfix.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The text source of one lookup table, edited in place so that a one-entry change costs the same
 * for 10 or 100,000 entries: a replaced or removed line is overwritten with a comment of the same
 * length ({@code #} and spaces, which postmap skips), a new line is appended. The file stays a valid
 * postmap source with each key once; a full apply writes it compact and sorted again.
 *
 * <p>Where each key's line is, is remembered between applies (the backend is a long-lived
 * singleton); the index is rebuilt whenever the file's size, time or identity differs from what we
 * last wrote, so edits made by hand are never overwritten blindly.
 */
public final class TextMap {

    private static final Map<Path, Index> CACHE = new ConcurrentHashMap<>();

    private final Path file;
    private final Index index;
    private final List<Undo> undo = new ArrayList<>();
    private final long originalSize;

    private TextMap(Path file, Index index) {
        this.file = file;
        this.index = index;
        this.originalSize = index.size;
    }

    public static TextMap open(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Index cached = CACHE.get(file);
        if (cached == null || !cached.matches(a)) {
            cached = Index.scan(file, a);
            CACHE.put(file, cached);
        }
        return new TextMap(file, cached);
    }

    /** Forgets what is known about {@code file} (after it was replaced as a whole). */
    public static void forget(Path file) {
        CACHE.remove(file);
    }

    /** The value of {@code key} in the file, if it has a live line. */
    public Optional<String> get(String key) throws IOException {
        long[] at = index.lines.get(key);
        if (at == null) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) at[1]);
            ch.read(buf, at[0]);
            String line = new String(buf.array(), StandardCharsets.UTF_8);
            int sp = line.indexOf(' ');
            // the last line of a file edited by hand may lack its newline
            return Optional.of(line.substring(sp + 1, line.endsWith("\n") ? line.length() - 1 : line.length()));
        }
    }

    /**
     * Applies the edits: {@code value == null} removes the key. Keeps what is needed to
     * {@link #rollback()} exactly.
     */
    public void edit(Map<String, String> changes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            StringBuilder appended = new StringBuilder();
            long end = ch.size();
            long appendedBytes = 0;
            Map<String, long[]> added = new HashMap<>();
            // a file edited by hand may end without a newline: the new entries must not be glued onto
            // its last line (rollback truncates this byte away again)
            if (end > 0 && lastByte(ch, end) != '\n') {
                appended.append('\n');
                appendedBytes = 1;
            }
            for (Map.Entry<String, String> c : changes.entrySet()) {
                long[] at = index.lines.get(c.getKey());
                if (at != null) {
                    ByteBuffer old = ByteBuffer.allocate((int) at[1]);
                    ch.read(old, at[0]);
                    undo.add(new Undo(c.getKey(), at[0], old.array()));
                    ch.write(ByteBuffer.wrap(tombstone((int) at[1])), at[0]);
                    index.lines.remove(c.getKey());
                }
                if (c.getValue() != null) {
                    String line = c.getKey() + " " + c.getValue() + "\n";
                    int len = line.getBytes(StandardCharsets.UTF_8).length;
                    added.put(c.getKey(), new long[] {end + appendedBytes, len});
                    appended.append(line);
                    appendedBytes += len;
                }
            }
            if (appendedBytes > 0) {
                ch.write(ByteBuffer.wrap(appended.toString().getBytes(StandardCharsets.UTF_8)), end);
            }
            index.lines.putAll(added);
        }
        index.refresh(file);
    }

    /** Puts every byte back as it was before {@link #edit}. */
    public void rollback() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.truncate(originalSize);
            for (int i = undo.size() - 1; i >= 0; i--) {
                Undo u = undo.get(i);
                ch.write(ByteBuffer.wrap(u.bytes), u.offset);
            }
        }
        CACHE.remove(file); // rescanned on next use: simpler than reversing the index
    }

    private static byte lastByte(FileChannel ch, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        ch.read(one, size - 1);
        return one.get(0);
    }

    private static byte[] tombstone(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) ' ');
        b[0] = '#';
        b[length - 1] = '\n';
        return b;
    }

    private record Undo(String key, long offset, byte[] bytes) {
    }

    /** key -> {offset, length including newline} of its live line, and the file facts it is valid for. */
    private static final class Index {
        final Map<String, long[]> lines;
        long size;
        long modified;
        Object fileKey;

        private Index(Map<String, long[]> lines) {
            this.lines = lines;
        }

        boolean matches(BasicFileAttributes a) {
            return a.size() == size && a.lastModifiedTime().toMillis() == modified
                    && java.util.Objects.equals(a.fileKey(), fileKey);
        }

        void refresh(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                size = a.size();
                modified = a.lastModifiedTime().toMillis();
                fileKey = a.fileKey();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Index scan(Path file, BasicFileAttributes a) throws IOException {
            Map<String, long[]> lines = new HashMap<>();
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size > 0) {
                    MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
                    int start = 0;
                    for (int i = 0; i < size; i++) {
                        if (buf.get(i) == '\n') {
                            addLine(buf, start, i + 1, lines);
                            start = i + 1;
                        }
                    }
                    if (start < size) {
                        addLine(buf, start, (int) size, lines); // a last line without newline counts too
                    }
                }
            }
            Index index = new Index(lines);
            index.size = a.size();
            index.modified = a.lastModifiedTime().toMillis();
            index.fileKey = a.fileKey();
            return index;
        }

        private static void addLine(MappedByteBuffer buf, int start, int end, Map<String, long[]> lines) {
            byte first = buf.get(start);
            if (first == '#' || first == ' ' || first == '\t' || first == '\n') {
                return;
            }
            int sp = start;
            while (sp < end && buf.get(sp) != ' ' && buf.get(sp) != '\t') {
                sp++;
            }
            byte[] key = new byte[sp - start];
            buf.get(start, key);
            // postmap keeps the first of duplicate keys: so do we
            lines.putIfAbsent(new String(key, StandardCharsets.UTF_8), new long[] {start, end - start});
        }
    }
}
