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
        long[] at = index.find(file, key);
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
                long[] at = index.find(file, c.getKey());
                if (at != null) {
                    ByteBuffer old = ByteBuffer.allocate((int) at[1]);
                    ch.read(old, at[0]);
                    undo.add(new Undo(c.getKey(), at[0], old.array()));
                    ch.write(ByteBuffer.wrap(tombstone((int) at[1])), at[0]);
                    index.tail.remove(c.getKey());
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
            index.tail.putAll(added);
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

    /**
     * Where each key's live line is, and the file facts this is valid for. Compact whatever the number
     * of entries: a full apply writes the {@code @domain} lines in key order, so they are found by a
     * binary search in the file itself ({@code [0, sortedEnd)}); only the other lines (the server's
     * entry, lines appended by later edits or out of order) are kept in {@code tail}, key -> {offset,
     * length including newline}. A key in the sorted part wins over the same key in the tail, as the
     * first of duplicate keys wins for postmap.
     */
    private static final class Index {
        final Map<String, long[]> tail;
        final long sortedEnd;
        long size;
        long modified;
        Object fileKey;

        private Index(Map<String, long[]> tail, long sortedEnd) {
            this.tail = tail;
            this.sortedEnd = sortedEnd;
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

        /** {offset, length} of the live line of {@code key}, or null. */
        long[] find(Path file, String key) throws IOException {
            if (sortedEnd > 0 && key.startsWith("@")) {
                long[] sorted = search(file, key.getBytes(StandardCharsets.UTF_8));
                if (sorted != null) {
                    return sorted;
                }
            }
            return tail.get(key);
        }

        /**
         * The sorted part of the file, mapped once for this index (edits overwrite lines in place through the same
         * page cache, which the mapping sees; a file replaced or edited by hand gets a new index). Mapped anew for
         * each key, a bulk change of 4,900 domains on the in-place path left 24,000 mappings and a 24 GB RSS until a
         * collection freed them (a hostile tester).
         */
        private volatile MappedByteBuffer mapped;

        private MappedByteBuffer mapping(Path file) throws IOException {
            MappedByteBuffer m = mapped;
            if (m == null) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    m = ch.map(FileChannel.MapMode.READ_ONLY, 0, sortedEnd);
                }
                mapped = m;
            }
            return m;
        }

        /** Binary search over the live {@code @} lines of {@code [0, sortedEnd)}; tombstones and other lines are skipped. */
        private long[] search(Path file, byte[] key) throws IOException {
            {
                // a view of its own: positions are not shared between threads
                MappedByteBuffer buf = (MappedByteBuffer) mapping(file).duplicate();
                int end = (int) sortedEnd;
                int lo = 0;
                int hi = end;
                // invariant: live @ lines starting before lo have smaller keys; those starting at or after hi, larger or equal
                while (hi - lo > 512) {
                    int mid = (lo + hi) >>> 1;
                    int line = nextLine(buf, mid, end);
                    while (line < hi && !liveAt(buf, line)) {
                        line = nextLine(buf, line + 1, end);
                    }
                    if (line >= hi) {
                        hi = mid;
                    } else if (compare(buf, line, end, key) < 0) {
                        lo = nextLine(buf, line + 1, end);
                    } else {
                        hi = mid;
                    }
                }
                for (int line = lo; line < end; line = nextLine(buf, line + 1, end)) {
                    if (!liveAt(buf, line)) {
                        continue;
                    }
                    int c = compare(buf, line, end, key);
                    if (c == 0) {
                        return new long[] {line, nextLine(buf, line + 1, end) - line};
                    }
                    if (c > 0) {
                        return null;
                    }
                }
                return null;
            }
        }

        /** The start of the first line at or after {@code pos} ({@code pos} itself when a line starts there). */
        private static int nextLine(MappedByteBuffer buf, int pos, int end) {
            if (pos <= 0) {
                return 0;
            }
            int i = pos;
            while (i < end && buf.get(i - 1) != '\n') {
                i++;
            }
            return i;
        }

        private static boolean liveAt(MappedByteBuffer buf, int line) {
            return buf.get(line) == '@';
        }

        /** The key of the line at {@code line} compared with {@code key}, byte by byte (unsigned). */
        private static int compare(MappedByteBuffer buf, int line, int end, byte[] key) {
            int i = 0;
            while (true) {
                int p = line + i;
                boolean lineKeyEnds = p >= end || buf.get(p) == ' ' || buf.get(p) == '\t' || buf.get(p) == '\n';
                if (lineKeyEnds) {
                    return i == key.length ? 0 : -1;
                }
                if (i == key.length) {
                    return 1;
                }
                int a = buf.get(p) & 0xff;
                int b = key[i] & 0xff;
                if (a != b) {
                    return a - b;
                }
                i++;
            }
        }

        static Index scan(Path file, BasicFileAttributes a) throws IOException {
            Map<String, long[]> tail = new HashMap<>();
            long sortedEnd = 0;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size > Integer.MAX_VALUE) {
                    throw new IOException(file + " is larger than 2 GB");
                }
                if (size > 0) {
                    MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
                    boolean sorted = true;
                    int prevStart = -1;
                    int prevLen = 0;
                    int start = 0;
                    int n = (int) size;
                    for (int i = 0; i <= n; i++) {
                        if (i < n && buf.get(i) != '\n') {
                            continue;
                        }
                        int lineEnd = i < n ? i + 1 : n; // a last line without newline counts too
                        if (start < lineEnd) {
                            byte first = buf.get(start);
                            boolean live = !(first == '#' || first == ' ' || first == '\t' || first == '\n');
                            if (live) {
                                int keyLen = keyLength(buf, start, lineEnd);
                                if (sorted && first == '@') {
                                    if (prevStart < 0 || compareKeys(buf, prevStart, prevLen, start, keyLen) < 0) {
                                        prevStart = start;
                                        prevLen = keyLen;
                                        sortedEnd = lineEnd;
                                    } else {
                                        sorted = false;
                                    }
                                }
                                if (!sorted || first != '@') {
                                    byte[] key = new byte[keyLen];
                                    buf.get(start, key);
                                    // postmap keeps the first of duplicate keys: so do we (the sorted part comes first)
                                    tail.putIfAbsent(new String(key, StandardCharsets.UTF_8), new long[] {start, lineEnd - start});
                                }
                            }
                        }
                        start = lineEnd;
                    }
                }
            }
            Index index = new Index(tail, sortedEnd);
            index.size = a.size();
            index.modified = a.lastModifiedTime().toMillis();
            index.fileKey = a.fileKey();
            return index;
        }

        private static int keyLength(MappedByteBuffer buf, int start, int end) {
            int sp = start;
            while (sp < end && buf.get(sp) != ' ' && buf.get(sp) != '\t' && buf.get(sp) != '\n') {
                sp++;
            }
            return sp - start;
        }

        private static int compareKeys(MappedByteBuffer buf, int a, int aLen, int b, int bLen) {
            for (int i = 0; i < Math.min(aLen, bLen); i++) {
                int x = buf.get(a + i) & 0xff;
                int y = buf.get(b + i) & 0xff;
                if (x != y) {
                    return x - y;
                }
            }
            return aLen - bLen;
        }
    }
}
