package io.smarthost.panel.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smarthost.panel.api.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AesGcmSecretBoxTest {

    @TempDir
    Path dir;

    @Test
    void keyFileCreatedByRacingStartsIsOneCompleteKey() throws Exception {
        Path key = dir.resolve("secret.key");
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<AesGcmSecretBox>> starts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                starts.add(pool.submit(() -> {
                    go.await();
                    return AesGcmSecretBox.forKeyFile(key);
                }));
            }
            go.countDown();
            String sealed = starts.get(0).get().seal(Secret.of("relay-password"));
            for (Future<AesGcmSecretBox> start : starts) {
                assertEquals("relay-password", start.get().open(sealed).reveal(), "every start uses the same key");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(key), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void existingKeyFileReadableByOthersIsTightenedTo0600() throws Exception {
        Path key = dir.resolve("secret.key");
        String sealed = AesGcmSecretBox.forKeyFile(key).seal(Secret.of("s"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("s", AesGcmSecretBox.forKeyFile(key).open(sealed).reveal(), "the existing key is kept");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    }
}
