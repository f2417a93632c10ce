package io.smarthost.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.services.SettingsStore;
import io.smarthost.panel.testkit.TestHostServices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The members of a set read exactly as rows would ({@link MemberRows}): random writes, deletions, sets written
 * and dropped, rolled-back transactions, each followed by every kind of read (one key, many keys, walks, pages,
 * counts, first rows) under many prefixes and filters, compared with a plain map of rows.
 */
class MemberRowsTest {
    @TempDir
    Path home;

    static final List<String> NAMES = new ArrayList<>();

    static {
        for (int i = 0; i < 40; i++) {
            NAMES.add(String.format("n%02d.example", i));
        }
        NAMES.addAll(List.of("ab.example", "abc.example", "ab-c.example", "a.b.example", "z.example", "x1.test"));
    }

    static final List<String> PREFIXES = List.of("@", "@n", "@n1", "@n12", "@a", "@ab", "@ab.", "@z", "@q", "@x1.");
    static final List<String> FILTERS = List.of("", "1", ".ex", "b", "example", "zz");

    @Test
    void membersReadAsRowsThroughRandomChanges() {
        for (long seed = 1; seed <= 40; seed++) {
            run(seed);
        }
    }

    private void run(long seed) {
        Random random = new Random(seed);
        SettingsStore store = MemberRows.of(new TestHostServices(home.resolve("s" + seed)).store());
        TreeMap<String, String> model = new TreeMap<>();
        String[] records = {"=r1", "=r2", "=r3", "=r4", "=r5", "=r6"};
        for (int step = 0; step < 150; step++) {
            int op = random.nextInt(10);
            boolean rollback = random.nextInt(8) == 0;
            TreeMap<String, String> next = new TreeMap<>(model);
            String what = store.inTransaction(tx -> "");
            SettingsStore.Work<String, RuntimeException> work = switch (op) {
                case 0, 1 -> tx -> {
                    String k = "@" + pick(random);
                    String v = random.nextBoolean() ? "{\"v\":" + random.nextInt(9) + "}" : records[random.nextInt(3)];
                    tx.put(k, v);
                    next.put(k, v);
                    return "put " + k;
                };
                case 2 -> tx -> {
                    String k = "@" + pick(random);
                    boolean said = tx.delete(k);
                    assertEquals(next.containsKey(k), said, "delete answers whether there was a row: " + k);
                    next.remove(k);
                    return "delete " + k;
                };
                case 3 -> tx -> {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (int i = random.nextInt(8); i > 0; i--) {
                        values.put("@" + pick(random), "{\"w\":" + i + "}");
                    }
                    tx.putAll(values);
                    next.putAll(values);
                    return "putAll " + values.keySet();
                };
                case 4 -> tx -> {
                    List<String> keys = new ArrayList<>();
                    for (int i = random.nextInt(8); i > 0; i--) {
                        keys.add("@" + pick(random));
                    }
                    tx.deleteAll(keys);
                    keys.forEach(next::remove);
                    return "deleteAll " + keys;
                };
                case 5, 6 -> tx -> {
                    // a set of names without a row (a record may have rows, and sets, already)
                    List<String> absent = NAMES.stream().filter(n -> !next.containsKey("@" + n) && random.nextInt(3) > 0)
                            .toList();
                    String record = records[3 + random.nextInt(3)];
                    if (absent.isEmpty() || !MemberRows.room(tx)) {
                        return "no set";
                    }
                    MemberRows.add(tx, record, absent);
                    absent.forEach(n -> next.put("@" + n, record));
                    return "set " + record + " " + absent.size();
                };
                case 7 -> tx -> {
                    // a record no row names any more: its set goes (as SharedRelays deletes a record)
                    List<String> unnamed = MemberRows.sets(tx).stream().map(MemberRows.MemberSet::record)
                            .filter(r -> !next.containsValue(r)).toList();
                    MemberRows.drop(tx, unnamed);
                    return "drop " + unnamed;
                };
                case 8 -> tx -> {
                    String p = PREFIXES.get(random.nextInt(PREFIXES.size())) + (random.nextBoolean() ? "" : "0");
                    int n = tx.deletePrefix(p);
                    long had = next.keySet().stream().filter(k -> k.startsWith(p)).count();
                    assertEquals(had, n, "deletePrefix counts the rows it deleted: " + p);
                    next.keySet().removeIf(k -> k.startsWith(p));
                    return "deletePrefix " + p;
                };
                default -> tx -> {
                    // a row moved to another name, as a rename does
                    String from = "@" + pick(random);
                    String to = "@" + pick(random);
                    var v = tx.get(from);
                    assertEquals(Optional(next.get(from)), v, "get " + from);
                    tx.delete(from);
                    next.remove(from);
                    v.ifPresent(x -> {
                        tx.put(to, x);
                        next.put(to, x);
                    });
                    return "move " + from + " " + to;
                };
            };
            if (rollback) {
                what = store.inRollbackTransaction(work);
            } else {
                what = store.inTransaction(work);
                model = next;
            }
            String context = "seed " + seed + " step " + step + " (" + what + (rollback ? ", rolled back" : "") + ")";
            compare(store, model, context, random);
        }
    }

    private static java.util.Optional<String> Optional(String value) {
        return java.util.Optional.ofNullable(value);
    }

    private static String pick(Random random) {
        return NAMES.get(random.nextInt(NAMES.size()));
    }

    private static void compare(SettingsStore store, TreeMap<String, String> model, String context, Random random) {
        List<String> keys = NAMES.stream().map(n -> "@" + n).toList();
        Map<String, String> expected = new TreeMap<>();
        keys.forEach(k -> {
            if (model.containsKey(k)) {
                expected.put(k, model.get(k));
            }
        });
        assertEquals(expected, new TreeMap<String, String>(store.<Map<String, String>, RuntimeException>inTransaction(tx -> tx.getAll(keys))), "getAll, " + context);
        String one = keys.get(random.nextInt(keys.size()));
        assertEquals(Optional(model.get(one)), store.get(one), "get " + one + ", " + context);
        assertEquals(Optional(model.get(one)), store.inTransaction(tx -> tx.get(one)), "tx get " + one + ", " + context);
        for (String prefix : PREFIXES) {
            List<Map.Entry<String, String>> rows = model.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                    .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
            List<Map.Entry<String, String>> walked = new ArrayList<>();
            store.forEach(prefix, (k, v) -> walked.add(Map.entry(k, v)));
            assertEquals(rows, walked, "walk " + prefix + ", " + context);
            List<Map.Entry<String, String>> walkedInTx = new ArrayList<>();
            store.inTransaction(tx -> {
                tx.forEach(prefix, (k, v) -> walkedInTx.add(Map.entry(k, v)));
                return null;
            });
            assertEquals(rows, walkedInTx, "walk in a transaction " + prefix + ", " + context);
            assertEquals(rows.size(), store.count(prefix), "count " + prefix + ", " + context);
            assertEquals((long) rows.size(), (long) store.inTransaction(tx -> tx.count(prefix)), "tx count " + prefix + ", " + context);
            int limit = 1 + random.nextInt(5);
            assertEquals(rows.stream().limit(limit).map(e -> new SettingsStore.Entry(e.getKey(), e.getValue())).toList(),
                    store.inTransaction(tx -> tx.first(prefix, limit)), "first " + prefix + ", " + context);
            for (String filter : FILTERS) {
                List<SettingsStore.Entry> matching = rows.stream().filter(e -> e.getKey().contains(filter))
                        .map(e -> new SettingsStore.Entry(e.getKey(), e.getValue())).toList();
                int offset = random.nextInt(matching.size() + 2);
                int size = random.nextInt(6);
                List<SettingsStore.Entry> page = matching.subList(Math.min(offset, matching.size()),
                        Math.min(matching.size(), offset + size));
                PageResult<SettingsStore.Entry> got = store.list(prefix, filter, offset, size);
                assertEquals(page, got.items(), "page " + prefix + " " + filter + " " + offset + "+" + size + ", " + context);
                assertEquals(matching.size(), got.total(), "total " + prefix + " " + filter + ", " + context);
                long countLimit = random.nextInt(matching.size() + 3);
                PageResult<SettingsStore.Entry> counted = store.list(prefix, filter, offset, size, countLimit);
                assertEquals(page, counted.items(), "counted page, " + context);
                assertEquals(Math.min(matching.size(), countLimit), counted.total(), "counted total, " + context);
                PageResult<SettingsStore.Entry> inTx = store.inTransaction(tx -> tx.list(prefix, filter, offset, size));
                assertEquals(page, inTx.items(), "tx page, " + context);
                assertEquals(matching.size(), inTx.total(), "tx total, " + context);
            }
        }
        // the whole store walked: the rows in order among the other keys
        List<String> all = new ArrayList<>();
        store.forEach("", (k, v) -> {
            if (k.startsWith("@")) {
                all.add(k);
            }
        });
        assertEquals(new ArrayList<>(model.keySet()), all, "walk of every key, " + context);
    }

    @Test
    void aSetIsWrittenInChunksAndReadBackWhole() {
        SettingsStore store = MemberRows.of(new TestHostServices(home).store());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            names.add("domain-" + i + ".bench.example");
        }
        store.inTransaction(tx -> {
            MemberRows.add(tx, "=big", names);
            return null;
        });
        MemberRows.MemberSet set = store.inTransaction(MemberRows::sets).get(0);
        assertTrue(set.chunks() > 1, "more than one chunk: " + set);
        assertEquals(60_000, set.size());
        assertEquals(60_000, store.count("@"));
        assertEquals(java.util.Optional.of("=big"), store.get("@domain-59999.bench.example"));
        assertEquals(java.util.Optional.empty(), store.get("@domain-60000.bench.example"));
        long[] walked = {0};
        store.forEach("@", (k, v) -> walked[0]++);
        assertEquals(60_000, walked[0]);
        // a member that leaves: marked, its own row written; the set itself is not rewritten
        store.inTransaction(tx -> {
            tx.put("@domain-7.bench.example", "{}");
            return null;
        });
        assertEquals(java.util.Optional.of("{}"), store.get("@domain-7.bench.example"));
        assertEquals(60_000, store.count("@"));
        assertEquals(set, store.inTransaction(MemberRows::sets).get(0), "the same set");
        store.inTransaction(tx -> {
            MemberRows.drop(tx, List.of("=big"));
            return null;
        });
        assertEquals(1, store.count("@"), "the set went; the row written of its own stays");
        assertFalse(store.inTransaction(tx -> tx.first("$", 1)).iterator().hasNext(), "no chunk left");
        assertFalse(store.inTransaction(tx -> tx.first("-", 1)).iterator().hasNext(), "no mark left");
    }

    /**
     * A change that writes a new set, then the row of a member of an older one, refused and taken back by its undo
     * log in another transaction (a reviewer's case): the counts and pages read what they read before. The count
     * of members that left a set was kept on the set's line, which the undo put back as it was while the mark
     * stayed: the total read 4 for 3 domains.
     */
    @Test
    void aChangeTakenBackLeavesTheCountsAsTheyWere() {
        SettingsStore store = MemberRows.of(new TestHostServices(home).store());
        store.inTransaction(tx -> {
            MemberRows.add(tx, "=r1", List.of("a.example", "b.example", "c.example"));
            return null;
        });
        UndoLog undo = store.inTransaction(tx -> {
            UndoLog log = new UndoLog(tx, StoreKeys::isSecret);
            MemberRows.add(log, "=r2", List.of("d.example", "e.example"));
            log.putAll(Map.of("@a.example", "=r2"));
            return log;
        });
        assertEquals(5, store.count("@"));
        store.inTransaction(tx -> {
            undo.undo(tx);
            return null;
        });
        undo.close();
        assertEquals(3, store.count("@"), "count");
        assertEquals(3, store.list("@", "", 0, 10).total(), "a page's total");
        assertEquals(3, store.list("@", "", 0, 10, 100).total(), "a page's total, counted to a limit");
        assertEquals(Optional("=r1"), store.get("@a.example"));
        List<String> walked = new ArrayList<>();
        store.forEach("@", (k, v) -> walked.add(k + " " + v));
        assertEquals(List.of("@a.example =r1", "@b.example =r1", "@c.example =r1"), walked);
    }
}
