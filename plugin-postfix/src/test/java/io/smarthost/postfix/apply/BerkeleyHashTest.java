package io.smarthost.postfix.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.postfix.testing.PostfixInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process table writer against Postfix's own tools: after puts, replacements and deletes the {@code .db}
 * holds exactly what {@code postmap} builds from the same text (compared through {@code postmap -s}), each key is
 * found by {@code postmap -q}, and the writer waits for the flock a {@code postmap} or a reader holds.
 */
class BerkeleyHashTest {

    @TempDir
    Path base;
    Path conf;
    Path table;

    @BeforeEach
    void setUp() throws Exception {
        conf = PostfixInstance.create(base).configDir();
        table = base.resolve("table");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append("@d").append(i).append(".example [relay").append(i % 7).append(".example.net]:587\n");
        }
        Files.writeString(table, text, StandardCharsets.US_ASCII);
        postfix("postmap", "hash:" + table);
    }

    static BerkeleyHash hash() {
        return BerkeleyHash.forPostmap(Path.of("/usr/sbin")).orElseThrow(() -> new AssertionError(
                "the tests need the Berkeley DB Java binding (./panel test installs libdb5.3-java libdb5.3-java-jni): "
                        + BerkeleyHash.unavailable(Path.of("/usr/sbin")).orElse("?")));
    }

    @Test
    void onlyForAPostfixThatLinksTheBindingsBerkeleyDb() throws Exception {
        assertEquals("5.3", hash().version);
        Path other = base.resolve("sbin");
        Files.createDirectories(other);
        Files.writeString(other.resolve("postmap"), "#!/bin/sh\nexec /opt/postfix/postmap \"$@\"\n");
        assertTrue(BerkeleyHash.forPostmap(other).isEmpty());
        assertTrue(BerkeleyHash.unavailable(other).orElseThrow().contains("does not link libdb-5.3.so"),
                BerkeleyHash.unavailable(other).toString());
        System.setProperty("smarthost.postfix.inProcessMaps", "false");
        try {
            assertTrue(BerkeleyHash.forPostmap(Path.of("/usr/sbin")).isEmpty(), "the admin's switch");
        } finally {
            System.clearProperty("smarthost.postfix.inProcessMaps");
        }
        assertTrue(BerkeleyHash.forPostmap(Path.of("/usr/sbin")).isPresent());
    }

    @Test
    void putsReplacementsAndDeletesLeaveWhatPostmapBuildsFromTheSameText() throws Exception {
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("@d5.example", "[other.example.net]:2525");            // replaced
        changes.put("@new.example", "[a.example.net]:587, [b.example.net]:587"); // added, a value with spaces
        changes.put("@D7.Example", "[mixed.example.net]:465");              // postmap folds keys
        changes.put("@d9.example", null);                                    // deleted
        changes.put("@absent.example", null);                                // deleting nothing is fine
        changes.put("[relay.example.net]:587", "user:p@ss:w0rd");           // a login line
        assertTrue(BerkeleyHash.writable(changes));
        hash().update(db(), changes, Duration.ofSeconds(5));

        assertEquals("[other.example.net]:2525", query("@d5.example"));
        assertEquals("[a.example.net]:587, [b.example.net]:587", query("@new.example"));
        assertEquals("[mixed.example.net]:465", query("@d7.example"));
        assertEquals("user:p@ss:w0rd", query("[relay.example.net]:587"));
        assertEquals("", query("@d9.example"), "deleted");
        assertEquals("[relay1.example.net]:587", query("@d8.example"), "untouched");

        // the same changes made to the text, built whole by postmap: the same entries, byte for byte
        List<String> lines = new ArrayList<>(Files.readAllLines(table, StandardCharsets.US_ASCII));
        lines.removeIf(l -> l.startsWith("@d5.example ") || l.startsWith("@d7.example ") || l.startsWith("@d9.example "));
        lines.add("@d5.example [other.example.net]:2525");
        lines.add("@new.example [a.example.net]:587, [b.example.net]:587");
        lines.add("@D7.Example [mixed.example.net]:465");
        lines.add("[relay.example.net]:587 user:p@ss:w0rd");
        Path rebuilt = base.resolve("rebuilt");
        Files.write(rebuilt, lines, StandardCharsets.US_ASCII);
        postfix("postmap", "hash:" + rebuilt);
        assertEquals(dump(rebuilt), dump(table));
        // postmap -s prints a key with or without its NUL alike: the raw bytes, by Berkeley DB's own dump tool
        List<String> raw = rawDump(table);
        assertEquals(rawDump(rebuilt), raw);
        assertTrue(raw.contains(" @d7.example\\00 [mixed.example.net]:465\\00"), "folded, NUL after key and value");
        assertEquals(2001, dump(table).size(), "2,000 - 1 deleted + 2 added");
    }

    @Test
    void waitsForTheLockPostmapTakesAndGivesUpAfterTheWait() throws Exception {
        Path db = db();
        // flock(1) takes flock(2) LOCK_EX on the file, as postmap does
        long held = System.nanoTime();
        Process holder = ApplyEngineTest.lockHolder(db, "0.6");
        try {
            IOException refused = assertThrows(IOException.class,
                    () -> hash().update(db(), Map.of("@d1.example", "[x]:25"), Duration.ofMillis(100)));
            assertTrue(refused.getMessage().contains("locked by another process"), refused.getMessage());

            hash().update(db(), Map.of("@d1.example", "[x]:25"), Duration.ofSeconds(5));
            long after = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - held);
            assertTrue(after >= 550, "written once the holder let go, " + after + " ms after it took the lock");
            assertEquals("[x]:25", query("@d1.example"));
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void whatPostmapWouldReadOtherwiseIsLeftToPostmap() {
        assertFalse(BerkeleyHash.writable(Map.of("@d.example", " leading")));
        assertFalse(BerkeleyHash.writable(Map.of("@d.example", "trailing ")));
        assertFalse(BerkeleyHash.writable(Map.of("@d.example", "")));
        assertFalse(BerkeleyHash.writable(Map.of("@dé.example", "[r]:25")));
        assertFalse(BerkeleyHash.writable(Map.of("@d.example", "user:pässword")));
        assertFalse(BerkeleyHash.writable(Map.of("#comment", "x")));
        assertFalse(BerkeleyHash.writable(Map.of("two words", "x")));
        assertFalse(BerkeleyHash.writable(Map.of("@d.example", "tab\there")));
        assertTrue(BerkeleyHash.writable(Map.of("@d.example", "[r]:25")));
    }

    @Test
    void aTableWithoutItsIndexIsRefused() {
        IOException e = assertThrows(IOException.class,
                () -> hash().update(base.resolve("none.db"), Map.of("@a.example", "[r]:25"), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("none.db"), e.getMessage());
        assertFalse(Files.exists(base.resolve("none.db")), "not created: postmap creates tables");
    }

    private Path db() {
        return Path.of(table + ".db");
    }

    private String query(String key) throws Exception {
        return postfix("postmap", "-q", key, "hash:" + table).strip();
    }

    private List<String> dump(Path t) throws Exception {
        List<String> lines = new ArrayList<>(List.of(postfix("postmap", "-s", "hash:" + t).split("\n")));
        lines.sort(null);
        return lines;
    }

    /** Each entry of {@code t.db} as {@code db5.3_dump -p} prints its bytes, key and value on one line, sorted. */
    private static List<String> rawDump(Path t) throws Exception {
        Process p = new ProcessBuilder("db5.3_dump", "-p", t + ".db").redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        assertEquals(0, p.waitFor(), "db5.3_dump (./panel test installs db5.3-util): " + lines);
        List<String> data = lines.subList(lines.indexOf("HEADER=END") + 1, lines.indexOf("DATA=END"));
        List<String> entries = new ArrayList<>();
        for (int i = 0; i + 1 < data.size(); i += 2) {
            entries.add(data.get(i) + data.get(i + 1));
        }
        entries.sort(null);
        return entries;
    }

    /** Runs a Postfix program with {@code -c} this test's folder; exit 1 (postmap -q: not found) gives "". */
    private String postfix(String program, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("/usr/sbin/" + program, "-c", conf.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc == 1 && args[0].equals("-q")) {
            return "";
        }
        assertEquals(0, rc, argv + ": " + out);
        return out;
    }
}
