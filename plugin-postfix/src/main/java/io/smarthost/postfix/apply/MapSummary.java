package io.smarthost.postfix.apply;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A lookup table's entries as a count and an order-free digest: two tables with the same entries, in any order,
 * have the same summary. The preview of a change of more domains than it lists one by one compares the summary
 * of what a map holds with that of what the change would write, without holding either in memory.
 *
 * @param entries how many entries (a duplicate key counts twice: rewriting the table drops the second)
 * @param digest  the sum of each entry's 64-bit hash
 */
public record MapSummary(long entries, long digest) {

    static final MapSummary EMPTY = new MapSummary(0, 0);

    /** Adds entries one by one without a record each. */
    public static final class Builder {
        private long entries;
        private long digest;

        /** Adds one entry; the key is lower-cased as {@code postmap} folds it ({@link MapEntries}). */
        public void add(String key, String value) {
            entries++;
            digest += hash(key.toLowerCase(java.util.Locale.ROOT), value);
        }

        public MapSummary build() {
            return new MapSummary(entries, digest);
        }
    }

    /**
     * The entries of a text table as Postfix's {@code postmap} reads them ({@link MapEntries#each}), a key met twice
     * counted twice; an absent table has none.
     */
    public static MapSummary ofFile(Path file) throws IOException {
        return ofFile(file, key -> false);
    }

    /** As {@link #ofFile(Path)}, without the entries whose (lower-cased) key {@code skip} accepts. */
    public static MapSummary ofFile(Path file, java.util.function.Predicate<String> skip) throws IOException {
        if (!Files.isRegularFile(file)) {
            return EMPTY;
        }
        Builder b = new Builder();
        // bytes that are not UTF-8 (a hand edit in Latin-1) read as replacement characters, not as an error
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
            MapEntries.each(in, (key, value, line) -> {
                if (!skip.test(key)) {
                    b.add(key, value);
                }
            });
        }
        return b.build();
    }

    /** A 64-bit hash of one entry (FNV-1a over the key, a separator and the value, then mixed). */
    public static long hash(String key, String value) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, key);
        h = (h ^ 0x1f) * 0x100000001b3L;
        h = fnv(h, value);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }
}
