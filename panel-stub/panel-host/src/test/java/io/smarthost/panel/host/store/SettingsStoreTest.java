package io.smarthost.panel.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SettingsStore;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {

    @TempDir
    Path home;

    @Test
    void aFailingTransactionKeepsNothingItWrote() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            SettingsStore store = panel.panel().services("p1").store();
            store.inTransaction(tx -> {
                tx.put("a", "1");
                return null;
            });
            IllegalStateException boom = assertThrows(IllegalStateException.class, () -> store.inTransaction(tx -> {
                tx.put("a", "2");
                tx.put("b", "2");
                tx.putSecret("c", Secret.of("s"));
                assertEquals(Optional.of("2"), tx.get("a"), "reads see the transaction's own writes");
                throw new IllegalStateException("apply failed");
            }));
            assertEquals("apply failed", boom.getMessage(), "the exception reaches the caller unchanged");
            assertEquals(Optional.of("1"), store.get("a"));
            assertEquals(Optional.empty(), store.get("b"));
            assertEquals(0, store.count("c"));
        }
    }

    @Test
    void aRollbackTransactionSeesItsWritesAndKeepsNone() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            SettingsStore store = panel.panel().services("p1").store();
            store.inTransaction(tx -> {
                tx.put("a", "1");
                return null;
            });
            String seen = store.inRollbackTransaction(tx -> {
                tx.put("a", "2");
                tx.putSecret("s", Secret.of("proposed"));
                return tx.get("a").orElseThrow() + "/" + tx.getSecret("s").orElseThrow().reveal();
            });
            assertEquals("2/proposed", seen, "the work reads its own writes");
            assertEquals(Optional.of("1"), store.get("a"), "nothing is kept");
            assertEquals(Optional.empty(), store.get("s"));
        }
    }

    @Test
    void aRollbackTransactionInsideATransactionKeepsTheOuterWrites() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            SettingsStore store = panel.panel().services("p1").store();
            store.inTransaction(tx -> {
                tx.put("outer", "kept");
                store.inRollbackTransaction(inner -> {
                    inner.put("inner", "dropped");
                    inner.put("outer", "changed");
                    return null;
                });
                assertEquals(Optional.of("kept"), tx.get("outer"), "rolled back to before the inner work");
                return null;
            });
            assertEquals(Optional.of("kept"), store.get("outer"));
            assertEquals(Optional.empty(), store.get("inner"));
        }
    }

    @Test
    void workThatThrowsNoCheckedExceptionNeedsNoCatch() {
        // compiles without "throws Exception": the store's unit of work is unchecked since 1.1
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            SettingsStore store = panel.panel().services("p1").store();
            int n = store.exclusively("lock", () -> store.inTransaction(tx -> {
                tx.put("k", "v");
                return 1;
            }));
            assertEquals(1, n);
            assertEquals(Optional.of("v"), store.get("k"));
        }
    }

    @Test
    void storesArePerPluginAndListByPrefix() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            SettingsStore one = panel.panel().services("one").store();
            SettingsStore two = panel.panel().services("two").store();
            one.inTransaction(tx -> {
                tx.put("domain.a.example", "A");
                tx.put("domain.b.example", "B");
                tx.put("domain_x", "underscore is not a wildcard");
                tx.put("server", "S");
                return null;
            });
            assertEquals(Optional.empty(), two.get("server"));
            var page = one.list("domain.", "", 0, 10);
            assertEquals(2, page.total());
            assertEquals("domain.a.example", page.items().get(0).key());
            assertEquals(1, one.list("domain.", "b.ex", 0, 10).total());
            int deleted = one.inTransaction(tx -> tx.deletePrefix("domain."));
            assertEquals(2, deleted);
            assertEquals(Optional.of("underscore is not a wildcard"), one.get("domain_x"));
        }
    }

    @Test
    void secretsNeverReachTheDatabaseFileInClear() throws Exception {
        String secret = "S3cret-" + System.nanoTime() + "-relay-password";
        String plain = "Plain-" + System.nanoTime() + "-visible-value";
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            SettingsStore store = panel.panel().services("p").store();
            store.inTransaction(tx -> {
                tx.putSecret("relay.password", Secret.of(secret));
                tx.put("relay.host", plain);
                return null;
            });
            assertEquals(secret, store.inTransaction(tx -> tx.getSecret("relay.password")).orElseThrow().reveal());
            assertFalse(store.get("relay.password").orElseThrow().contains(secret));
        }
        byte[] all = databaseBytes();
        assertTrue(contains(all, plain), "the scan works: a plain value is found in the file");
        assertFalse(contains(all, secret), "the secret must only be stored encrypted");
        Path key = home.resolve("data/secret.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }

    @Test
    void scalesToAHundredThousandKeysWithIndexedPrefixListing() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            SettingsStore store = panel.panel().services("big").store();
            long start = System.nanoTime();
            store.inTransaction(tx -> {
                for (int i = 0; i < 100_000; i++) {
                    tx.put(String.format("domain.d%06d.example", i), "{\"on\":true}");
                }
                return null;
            });
            long inserted = System.nanoTime();
            assertEquals(100_000, store.count("domain."));
            var page = store.list("domain.d0500", "", 0, 20);
            long listed = System.nanoTime();
            assertEquals(100, page.total());
            assertEquals("domain.d050000.example", page.items().get(0).key());
            List<String> seen = new ArrayList<>();
            store.forEach("domain.d09999", (k, v) -> seen.add(k));
            assertEquals(10, seen.size());
            System.out.printf("100000 keys: insert %d ms, prefix count+page %d ms%n", (inserted - start) / 1_000_000,
                    (listed - inserted) / 1_000_000);
        }
    }

    /**
     * A walk over many rows streams them (on H2 with lazy query execution for the walk only): every row once, in
     * key order, with reads on the same connection in between, and the connection is left as it was.
     */
    @Test
    void aWalkOverManyRowsStreamsThemInKeyOrderAndLeavesTheConnectionAsItWas() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            SettingsStore store = panel.panel().services("walk").store();
            int n = 30_000; // past the rows H2 keeps in memory for a whole result
            store.inTransaction(tx -> {
                java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
                for (int i = n - 1; i >= 0; i--) {
                    values.put(String.format("@d%05d.example", i), "v" + i);
                }
                tx.putAll(values);
                return null;
            });
            List<String> seen = new ArrayList<>();
            int[] nested = {0};
            store.inTransaction(tx -> {
                tx.forEach("@", (k, v) -> {
                    seen.add(k);
                    if (seen.size() % 5000 == 0) {
                        assertEquals(Optional.of(v), tx.get(k), "a read in the middle of the walk");
                        nested[0]++;
                    }
                });
                return null;
            });
            assertEquals(n, seen.size());
            assertEquals(seen.stream().sorted().toList(), seen, "in key order");
            assertEquals(6, nested[0]);

            io.smarthost.panel.host.db.Jdbc jdbc = panel.panel().jdbc();
            if (jdbc.database().dialect() == io.smarthost.panel.host.db.Dialect.H2) {
                List<String> during = new ArrayList<>();
                String after = jdbc.tx(c -> {
                    jdbc.lazily(c, () -> {
                        during.add(lazy(c));
                        jdbc.lazily(c, () -> during.add(lazy(c))); // nested: still lazy when it ends
                        during.add(lazy(c));
                        return null;
                    });
                    return lazy(c);
                });
                assertEquals(List.of("TRUE", "TRUE", "TRUE"), during);
                assertEquals("FALSE", after, "the connection goes back to the pool as it came");
            }
        }
    }

    /** H2's lazy query execution of the session behind {@code c} (H2 does not list it among its settings). */
    private static String lazy(java.sql.Connection c) throws java.sql.SQLException {
        var session = (org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
        return session.isLazyQueryExecution() ? "TRUE" : "FALSE";
    }

    /** Where the database keeps its files (the PostgreSQL variant points to its cluster). */
    Path databaseFolder() {
        return home.resolve("data");
    }

    private byte[] databaseBytes() throws Exception {
        List<byte[]> parts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(databaseFolder())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                parts.add(Files.readAllBytes(f));
            }
        }
        int size = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }

    /** The many-key operations of a bulk change (issue 16) do what the one-key ones do, across plugins kept apart. */
    @Test
    void manyKeysAreReadWrittenAndDeletedTogetherLikeOneByOne() throws Exception {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            SettingsStore store = panel.panel().services("p1").store();
            SettingsStore other = panel.panel().services("p2").store();
            other.inTransaction(tx -> {
                tx.put("@k1", "other plugin");
                return null;
            });
            java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
            java.util.Map<String, Secret> secrets = new java.util.LinkedHashMap<>();
            for (int i = 0; i < 1200; i++) { // more than one chunk of 500
                values.put("@k" + i, "v" + i);
                secrets.put("*k" + i, Secret.of("s" + i));
            }
            store.inTransaction(tx -> {
                tx.putAll(values);
                tx.putSecrets(secrets);
                return null;
            });
            List<String> asked = new ArrayList<>(values.keySet());
            asked.add("@missing");
            asked.add("*k1"); // a secret: not among the plain values
            store.inTransaction(tx -> {
                java.util.Map<String, String> read = tx.getAll(asked);
                assertEquals(values, read, "every value, no secret, nothing of another plugin");
                java.util.Map<String, Secret> opened = tx.getSecrets(List.of("*k0", "*k1199", "@k1", "*none"));
                assertEquals(java.util.Map.of("*k0", Secret.of("s0"), "*k1199", Secret.of("s1199")), opened);
                // a range read in key order keeps the wanted keys of the range only: no plain value, no key outside it
                // (*k2 sorts after *k1199), nothing of another plugin
                java.util.Map<String, Secret> range = tx.getSecretsBetween("*k10", "*k1009",
                        List.of("*k10", "*k1000", "*k1009", "*k1005x", "*k2", "@k1001"));
                assertEquals(java.util.Map.of("*k10", Secret.of("s10"), "*k1000", Secret.of("s1000"),
                        "*k1009", Secret.of("s1009")), range);
                assertEquals(java.util.Map.of(), tx.getSecretsBetween("*k2", "*k1", List.of("*k2", "*k1")),
                        "an empty range");
                assertEquals(1200, tx.count("@"));
                tx.deleteAll(List.of("@k0", "*k0", "@missing"));
                return null;
            });
            assertEquals(Optional.empty(), store.get("@k0"));
            assertEquals(Optional.of("v1"), store.get("@k1"));
            assertEquals(Optional.of("other plugin"), other.get("@k1"));
            assertTrue(!contains(databaseBytes(), "s1199"), "secrets are sealed in the database");
            var bounded = store.list("@", "", 0, 10, 100);
            assertEquals(100, bounded.total(), "counted up to the limit only");
            assertEquals(10, bounded.items().size());
            assertEquals(1199, store.list("@", "", 0, 10).total(), "the unbounded list counts them all");

            // a filtered, bounded page is read in one pass over the keys (issue 16): the same page and total as
            // the two-pass listing, secret rows included, the count stopped at the limit
            var twoPass = store.list("@", "k11", 5, 7);
            var onePass = store.list("@", "k11", 5, 7, 10_000);
            assertEquals(twoPass.items(), onePass.items());
            assertEquals(twoPass.total(), onePass.total());
            assertEquals(111, onePass.total(), "@k11 and @k110..@k119 and @k1100..@k1199");
            assertEquals(List.of("@k1102", "@k1103"), store.list("@", "k110", 3, 2, 10_000).items().stream()
                    .map(SettingsStore.Entry::key).toList());
            assertEquals(50, store.list("@", "k1", 0, 3, 50).total(), "counted up to the limit only");
            var uncounted = store.list("@", "k110", 3, 2, 0);
            assertEquals(List.of("@k1102", "@k1103"), uncounted.items().stream().map(SettingsStore.Entry::key).toList(),
                    "a count limit of 0 still gives the page");
            assertEquals(0, uncounted.total());
            assertEquals(List.of("*k1", "*k10"), store.list("*", "k1", 0, 2, 100).items().stream()
                    .map(SettingsStore.Entry::key).toList(), "secret rows are listed (sealed) as before");
            assertTrue(store.list("@", "nothing", 0, 10, 100).items().isEmpty());
            assertEquals(0, store.list("@", "nothing", 0, 10, 100).total());
        }
    }
}
