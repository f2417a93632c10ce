package io.smarthost.postfix.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextMapTest {

    @TempDir
    Path dir;

    /** Regression: an entry appended to a hand-edited map without final newline was glued onto its last line. */
    @Test
    void appendsOnANewLineWhenTheFileLacksItsFinalNewline() throws Exception {
        Path file = dir.resolve("sender_relay");
        String handEdited = "@a.example [192.0.2.1]:587\n@b.example [192.0.2.2]:587";
        Files.writeString(file, handEdited);
        TextMap map = TextMap.open(file);
        assertEquals(Optional.of("[192.0.2.2]:587"), map.get("@b.example"), "the last line counts without its newline");

        Map<String, String> edits = new LinkedHashMap<>();
        edits.put("@c.example", "[192.0.2.3]:587");
        map.edit(edits);
        assertEquals(handEdited + "\n@c.example [192.0.2.3]:587\n", Files.readString(file));
        TextMap again = TextMap.open(file);
        assertEquals(Optional.of("[192.0.2.2]:587"), again.get("@b.example"));
        assertEquals(Optional.of("[192.0.2.3]:587"), again.get("@c.example"));

        map.rollback();
        assertEquals(handEdited, Files.readString(file, StandardCharsets.UTF_8), "rollback restores every byte");
    }

    @Test
    void replacingTheUnterminatedLastLineKeepsTheFileValid() throws Exception {
        Path file = dir.resolve("sasl_passwd");
        Files.writeString(file, "@a.example u:old");
        TextMap map = TextMap.open(file);
        map.edit(Map.of("@a.example", "u:new"));
        assertEquals(Optional.of("u:new"), TextMap.open(file).get("@a.example"));
        assertEquals(1, Files.readAllLines(file).stream().filter(l -> l.startsWith("@a.example")).count());
        map.rollback();
        assertEquals("@a.example u:old", Files.readString(file));
    }

    /**
     * The index keeps no entry per line of a sorted map (issue 16: 40 MB at 100,000 domains, rebuilt in
     * seconds after a restart): every key is found by a binary search in the file, also next to the
     * server's entry, tombstones, appended lines and keys that are prefixes of others.
     */
    @Test
    void findsEveryKeyOfALargeSortedMapWithTombstonesAndAppendedLines() throws Exception {
        Path file = dir.resolve("sender_relay");
        StringBuilder text = new StringBuilder("# Managed by the panel\n[relay.example]:587 u:p\n");
        java.util.TreeMap<String, String> want = new java.util.TreeMap<>();
        for (int i = 0; i < 5000; i++) {
            want.put("@d" + i + ".example", "[192.0.2." + (i % 250) + "]:" + (1000 + i));
        }
        want.put("@d1.example.net", "[192.0.2.9]:25"); // "@d1.example" is a prefix of it
        want.forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
        Files.writeString(file, text);
        TextMap map = TextMap.open(file);
        for (var e : want.entrySet()) {
            assertEquals(Optional.of(e.getValue()), map.get(e.getKey()), e.getKey());
        }
        assertEquals(Optional.of("u:p"), map.get("[relay.example]:587"), "the server's entry, out of the sorted part");
        assertEquals(Optional.empty(), map.get("@d5000.example"));
        assertEquals(Optional.empty(), map.get("@a.example"), "before the first key");
        assertEquals(Optional.empty(), map.get("@zz.example"), "after the last key");

        Map<String, String> edits = new LinkedHashMap<>();
        edits.put("@d42.example", "[192.0.2.200]:2525"); // tombstoned in the sorted part, appended
        edits.put("@d43.example", null);                  // removed
        edits.put("@a-new.example", "[192.0.2.201]:25");  // appended
        map.edit(edits);
        for (TextMap m : java.util.List.of(map, TextMap.open(file), reopened(file))) {
            assertEquals(Optional.of("[192.0.2.200]:2525"), m.get("@d42.example"));
            assertEquals(Optional.empty(), m.get("@d43.example"));
            assertEquals(Optional.of("[192.0.2.201]:25"), m.get("@a-new.example"));
            assertEquals(Optional.of(want.get("@d44.example")), m.get("@d44.example"), "the neighbour of a tombstone");
            assertEquals(Optional.of(want.get("@d4999.example")), m.get("@d4999.example"));
        }
        map.rollback();
        assertEquals(text.toString(), Files.readString(file), "rollback restores every byte");
        assertEquals(Optional.of(want.get("@d43.example")), TextMap.open(file).get("@d43.example"));
    }

    /** Lines out of order (a hand edit) are still found; of duplicate keys the first wins, as for postmap. */
    @Test
    void findsKeysOfAMapEditedOutOfOrderAndKeepsTheFirstOfDuplicates() throws Exception {
        Path file = dir.resolve("sender_transport");
        Files.writeString(file, "@b.example smtp:[b]:25\n@c.example smtp:[c]:25\n@a.example smtp:[a]:25\n"
                + "@c.example smtp:[second]:25\n@d.example smtp:[d]:25\n");
        TextMap map = reopened(file);
        assertEquals(Optional.of("smtp:[a]:25"), map.get("@a.example"));
        assertEquals(Optional.of("smtp:[b]:25"), map.get("@b.example"));
        assertEquals(Optional.of("smtp:[c]:25"), map.get("@c.example"), "the first of two lines for the key");
        assertEquals(Optional.of("smtp:[d]:25"), map.get("@d.example"));
    }

    /** As after a restart: nothing remembered about the file. */
    private static TextMap reopened(Path file) throws Exception {
        TextMap.forget(file);
        return TextMap.open(file);
    }

    /**
     * A bulk change of thousands of domains on the in-place path looks every key up: the sorted part of the file is
     * mapped once, not once per key (a hostile tester's 4,900 domains left 24,000 mappings and a 24 GB RSS).
     */
    @Test
    void thousandsOfLookUpsMapTheFileOnce() throws Exception {
        Path file = dir.resolve("sender_relay");
        StringBuilder text = new StringBuilder("# Managed by the panel\n");
        for (int i = 0; i < 20_000; i++) {
            text.append(String.format("@d%05d.example [relay.example]:587%n", i));
        }
        Files.writeString(file, text);
        TextMap map = TextMap.open(file);
        long before = mappingsOf(file);
        java.util.Map<String, String> changes = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            assertEquals(Optional.of("[relay.example]:587"), map.get(String.format("@d%05d.example", i * 4)));
            changes.put(String.format("@d%05d.example", i * 4 + 1), "[other.example]:25");
        }
        map.edit(changes);
        assertEquals(Optional.of("[other.example]:25"), TextMap.open(file).get("@d00001.example"));
        assertEquals(Optional.of("[relay.example]:587"), TextMap.open(file).get("@d19998.example"));
        assertTrue(mappingsOf(file) - before <= 1, "mappings of the file: " + mappingsOf(file) + " (before: " + before + ")");
    }

    private static long mappingsOf(Path file) throws java.io.IOException {
        String path = file.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.endsWith(path)).count();
    }
}
