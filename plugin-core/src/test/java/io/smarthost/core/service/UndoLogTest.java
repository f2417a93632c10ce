package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.Secret;
import io.smarthost.panel.testkit.AesGcmSecretBox;
import io.smarthost.panel.testkit.InMemorySettingsStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UndoLogTest {
    private final AesGcmSecretBox box = new AesGcmSecretBox();
    private final InMemorySettingsStore store = new InMemorySettingsStore(box);

    private void seed(int n) {
        store.inTransaction(tx -> {
            for (int i = 0; i < n; i++) {
                tx.put("domain.d" + i + ".example", "{\"old\":" + i + "}");
                tx.putSecret("secret.domain.d" + i + ".example", Secret.of("old password " + i));
            }
            tx.put("keep.me", "as is");
            return null;
        });
    }

    /** What the store holds, secrets opened (their sealed text changes with every sealing). */
    private Map<String, String> opened() {
        Map<String, String> out = new java.util.TreeMap<>();
        store.inTransaction(tx -> {
            for (String k : store.rawValues().keySet()) {
                out.put(k, StoreKeys.isSecret(k) ? tx.getSecret(k).map(Secret::reveal).orElse("?") : tx.get(k).orElseThrow());
            }
            return null;
        });
        return out;
    }

    /** Writes as a bulk change does (remembered in batches), then single writes, a delete and new keys. */
    private static void change(UndoLog tx, int n) {
        for (int from = 0; from < n; from += 100) {
            List<String> keys = new ArrayList<>();
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, Secret> secrets = new LinkedHashMap<>();
            for (int i = from; i < Math.min(n, from + 100); i++) {
                keys.add("domain.d" + i + ".example");
                keys.add("secret.domain.d" + i + ".example");
                values.put("domain.d" + i + ".example", "{\"new\":" + i + "}");
                secrets.put("secret.domain.d" + i + ".example", Secret.of("new password"));
            }
            tx.rememberAll(keys);
            tx.putSecrets(secrets);
            tx.putAll(values);
        }
        // written again after its batch went to the file: the first remembered value must win
        tx.put("domain.d0.example", "{\"newer\":0}");
        tx.delete("secret.domain.d1.example");
        tx.put("domain.brand-new.example", "{}");
        tx.putSecret("secret.domain.brand-new.example", Secret.of("fresh"));
    }

    @Test
    void aLargeChangeIsTakenBackExactlyFromItsSpillFile() throws Exception {
        seed(500);
        Map<String, String> before = opened();
        UndoLog[] undo = {null};
        Path file;
        try {
            store.inTransaction(tx -> {
                undo[0] = new UndoLog(tx, StoreKeys::isSecret, 50);
                change(undo[0], 500);
                return null;
            });
            assertTrue(undo[0].spilled() > 900, "most of 1,002 keys went to the file: " + undo[0].spilled());
            file = undo[0].spillFile().orElseThrow();
            String onDisk = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertFalse(onDisk.contains("old password"), "secrets are not readable in the file");
            assertFalse(onDisk.contains("domain.d"), "nor are the keys and values");
            assertEquals("{\"newer\":0}", store.get("domain.d0.example").orElseThrow());
            store.inTransaction(tx -> {
                undo[0].undo(tx);
                return null;
            });
        } finally {
            undo[0].close();
        }
        assertEquals(before, opened(), "every key as it was, new keys gone");
        assertFalse(Files.exists(file), "the spill file is deleted when the change is over");
    }

    @Test
    void aSmallChangeStaysInMemory() {
        seed(5);
        Map<String, String> before = opened();
        UndoLog[] undo = {null};
        store.inTransaction(tx -> {
            undo[0] = new UndoLog(tx, StoreKeys::isSecret);
            change(undo[0], 5);
            return null;
        });
        assertEquals(0, undo[0].spilled());
        assertTrue(undo[0].wrote());
        store.inTransaction(tx -> {
            undo[0].undo(tx);
            return null;
        });
        undo[0].close();
        assertEquals(before, opened());
    }

    @Test
    void theSpillFileReadsBackWhatWasWritten() {
        try (UndoSpill spill = new UndoSpill()) {
            spill.write("a", Optional.of("välue"), Optional.empty());
            spill.write("b", Optional.empty(), Optional.of(Secret.of("s3cret")));
            spill.write("c", Optional.empty(), Optional.empty());
            List<String> read = new ArrayList<>();
            spill.forEach((k, v, s) -> read.add(k + "=" + v.orElse("-") + "/" + s.map(Secret::reveal).orElse("-")));
            assertArrayEquals(new String[] {"a=välue/-", "b=-/s3cret", "c=-/-"}, read.toArray());
        }
    }


    /**
     * The undo files of processes killed during a large change are deleted (a hostile tester found one per crash in
     * /tmp, for good); a running process's file, and files that are not ours, are left.
     */
    @Test
    void theUndoFilesOfProcessesGoneAreSweptAndNoOther(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long dead = gone.pid();
        long alive = ProcessHandle.current().pid();
        Path left = Files.createFile(dir.resolve(UndoSpill.PREFIX + dead + "-123.bin"));
        Path running = Files.createFile(dir.resolve(UndoSpill.PREFIX + alive + "-456.bin"));
        Path older = Files.createFile(dir.resolve(UndoSpill.PREFIX + "789.bin")); // no process id: an older release's
        Path olderDayOld = Files.createFile(dir.resolve(UndoSpill.PREFIX + "790.bin"));
        Files.setLastModifiedTime(olderDayOld, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(25))));
        Path other = Files.createFile(dir.resolve("other-" + dead + "-1.bin"));
        assertEquals(2, UndoSpill.sweep(dir));
        assertFalse(Files.exists(left), "the file of a process gone");
        assertFalse(Files.exists(olderDayOld), "an older release's file a day old");
        assertTrue(Files.exists(running) && Files.exists(older) && Files.exists(other), "the others stay");
        try (UndoSpill spill = new UndoSpill()) {
            assertTrue(spill.file().getFileName().toString().startsWith(UndoSpill.PREFIX + alive + "-"),
                    spill.file().toString());
        }
    }
}
