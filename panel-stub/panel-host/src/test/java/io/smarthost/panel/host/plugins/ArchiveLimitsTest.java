package io.smarthost.panel.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.panel.host.testing.ZipBomb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin file is refused before anything is unpacked when it would unpack to more than
 * {@code [extensions] max_unpacked_mb} or is compressed more than 100:1: a real zip bomb (about 1 MB unpacking to
 * 1 GiB of zeros) dropped into plugins/, and given to {@code extension --install}; the catalogue path is in
 * {@code ExtensionInstallerTest}.
 */
class ArchiveLimitsTest {

    @TempDir
    static Path temp;
    static Path bomb;

    @BeforeAll
    static void buildTheBomb() throws IOException {
        bomb = ZipBomb.zeros(temp.resolve("bomb-1.0.0.zip"), "bomb", ZipBomb.GIB);
        assertTrue(Files.size(bomb) < 2 * 1024 * 1024, "about 1 MB: " + Files.size(bomb));
    }

    @Test
    void aZipBombIsRefusedAfterInflatingAMegabyteOrSo() {
        long started = System.nanoTime();
        ArchiveLimits.Refused e = assertThrows(ArchiveLimits.Refused.class, () -> ArchiveLimits.defaults().check(bomb));
        assertTrue(e.getMessage().startsWith("bomb-1.0.0.zip: its entry 'classes/zeros.bin' is compressed more than 100:1 ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("the mark of a zip bomb: refused before anything was unpacked"), e.getMessage());
        System.out.printf("zip bomb refused in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void aFileLargerThanTheLimitOnceUnpackedIsRefused(@TempDir Path dir) {
        Path big = ZipBomb.random(dir.resolve("big-1.0.0.zip"), "big", 3 * 1024 * 1024);
        assertEquals("big-1.0.0.zip would unpack to more than 2 MB ([extensions] max_unpacked_mb in panel.ini): refused before"
                + " anything was unpacked", assertThrows(ArchiveLimits.Refused.class, () -> new ArchiveLimits(2).check(big)).getMessage());
        new ArchiveLimits(4).check(big);
    }

    @Test
    void aRealPluginPasses(@TempDir Path dir) {
        ArchiveLimits.defaults().check(Samples.zip(dir));
    }

    @Test
    void aBombDroppedIntoPluginsIsReportedAndNeverUnpacked(@TempDir Path home) throws IOException {
        try (TestPanel panel = TestPanel.builder(home).plugin(bomb).withoutWeb().start()) {
            List<PluginProblem> problems = panel.panel().plugins().problems();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).reason().contains("is compressed more than 100:1"), problems.toString());
            assertEquals(List.of("bomb-1.0.0.zip"), names(home.resolve("plugins")), "nothing unpacked");
            assertTrue(panel.panel().plugins().getPlugins().isEmpty());
        }
    }

    @Test
    void aBombGivenToExtensionInstallIsRefusedWithASentence(@TempDir Path home) throws IOException {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            TestPanel.CliRun run = panel.cli("extension", "--install", bomb.toString());
            assertEquals(2, run.exitCode(), "a bad file is bad input, as for any other refused file: " + run.err());
            assertTrue(run.err().contains("bomb-1.0.0.zip: its entry 'classes/zeros.bin' is compressed more than 100:1"), run.err());
            assertTrue(!run.err().contains("Exception"), run.err());
            assertEquals(List.of(), names(home.resolve("plugins")), "nothing unpacked");
            assertEquals(List.of(), names(home.resolve("data/extensions-staging")), "nothing staged");
        }
    }

    private static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
