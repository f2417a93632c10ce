package io.smarthost.panel.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.services.SettingsStore;
import io.smarthost.panel.host.db.Database;
import io.smarthost.panel.host.db.Jdbc;
import io.smarthost.panel.host.testing.PostgresCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SettingsStore#exclusively} between two pools on one database, as between the panel server and
 * {@code panel bin}: the second waits on the row lock until the first is done, on H2 and on PostgreSQL.
 */
class ExclusiveAcrossProcessesTest {

    @TempDir
    Path temp;

    @Test
    void theSecondHolderWaitsForTheFirstOnH2() throws Exception {
        String url = "jdbc:h2:file:" + temp.resolve("panel") + ";DB_CLOSE_DELAY=0;LOCK_TIMEOUT=120000";
        try (Database one = Database.open(url, "sa", ""); Database two = Database.open(url, "sa", "")) {
            theSecondWaitsForTheFirst(one, two);
        }
    }

    @Test
    void theSecondHolderWaitsForTheFirstOnPostgres() throws Exception {
        PostgresCluster cluster = PostgresCluster.shared();
        String url = cluster.url(cluster.createDatabase());
        try (Database one = Database.open(url, "postgres", ""); Database two = Database.open(url, "postgres", "")) {
            theSecondWaitsForTheFirst(one, two);
        }
    }

    private void theSecondWaitsForTheFirst(Database a, Database b) throws Exception {
        var box = AesGcmSecretBox.forKeyFile(temp.resolve("secret.key"));
        SettingsStore first = new JdbcSettingsStore(new Jdbc(a), "smarthost", box);
        SettingsStore second = new JdbcSettingsStore(new Jdbc(b), "smarthost", box);
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Void> firstRun = CompletableFuture.runAsync(() -> first.exclusively("state.applylock", () -> {
            events.add("first in");
            holding.countDown();
            sleep(1500);
            first.inTransaction(tx -> {
                tx.put("generation", "1");
                return null;
            });
            events.add("first out");
            return null;
        }));
        assertTrue(holding.await(30, TimeUnit.SECONDS));
        long asked = System.nanoTime();
        second.exclusively("state.applylock", () -> {
            events.add("second in");
            assertEquals(Optional.of("1"), second.get("generation"), "sees what the first committed");
            second.inTransaction(tx -> {
                tx.put("generation", "2");
                return null;
            });
            return null;
        });
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
        firstRun.get(30, TimeUnit.SECONDS);
        assertEquals(List.of("first in", "first out", "second in"), events);
        assertTrue(waitedMs >= 1000, "the second waited on the lock (" + waitedMs + " ms)");
        assertEquals(Optional.of("2"), first.get("generation"));
        assertEquals(Optional.of(""), first.get("state.applylock"), "the lock entry keeps its value");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
