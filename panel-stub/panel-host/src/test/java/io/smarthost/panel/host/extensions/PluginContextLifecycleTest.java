package io.smarthost.panel.host.extensions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.services.PluginContext;
import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's context lives exactly as long as one run of the plugin (issue 13 item 3): the sample plugin's
 * worker thread, a singleton of its context, ends when the plugin is disabled, updated, uninstalled or the
 * panel closes, and a plugin started again gets a new context and a new worker.
 */
class PluginContextLifecycleTest {

    @TempDir
    static Path build;
    static Path v1;
    static Path v2;

    @TempDir
    Path temp;

    @BeforeAll
    static void buildPlugins() {
        v1 = Samples.builder(build.resolve("v1")).version("1.0.0").buildZip("sample-1.0.0.zip");
        v2 = Samples.builder(build.resolve("v2")).version("2.0.0").buildZip("sample-2.0.0.zip");
    }

    @Test
    void stoppingThePluginClosesItsContextAndEndsItsThreadAndAStartAgainGetsFreshOnes() throws Exception {
        try (CatalogServer catalog = new CatalogServer(temp.resolve("catalog")).offer("sample", "1.0.0", v1);
             TestPanel panel = TestPanel.builder(temp.resolve("home"))
                     .ini("[extensions]\nrepositories = " + catalog.indexUrl() + "\n").start()) {
            assertEquals(0, panel.cli("extension", "--install", "sample").exitCode());
            PluginContext first = panel.panel().services("sample").context();
            long worker = worker(panel);
            assertEquals(worker, worker(panel), "one worker per run, shared by every call");
            assertTrue(alive(worker));

            assertEquals(0, panel.cli("extension", "--disable", "sample").exitCode());
            assertTrue(first.isClosed(), "disabling stops the plugin: the host closed its context");
            assertFalse(alive(worker), "the worker thread ended with the context");
            assertThrows(IllegalStateException.class, () -> first.singleton(String.class, () -> "late"));

            assertEquals(0, panel.cli("extension", "--enable", "sample").exitCode());
            PluginContext second = panel.panel().services("sample").context();
            assertNotSame(first, second);
            assertFalse(second.isClosed());
            long again = worker(panel);
            assertNotEquals(worker, again, "a started plugin gets a new context, hence a new worker");
            assertTrue(alive(again));

            catalog.offer("sample", "2.0.0", v2);
            assertEquals(0, panel.cli("extension", "--update", "sample").exitCode());
            assertTrue(second.isClosed(), "the old version's context is closed by the update");
            assertFalse(alive(again));
            long updated = worker(panel);
            assertTrue(alive(updated));

            assertEquals(0, panel.cli("extension", "--uninstall", "sample").exitCode());
            assertFalse(alive(updated), "uninstalling ends it too");
        }
    }

    @Test
    void closingThePanelClosesTheContextOfEveryPlugin() {
        long worker;
        PluginContext context;
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).plugin(Samples.zip(temp.resolve("zip")))
                .withoutWeb().start()) {
            context = panel.panel().services("sample").context();
            worker = worker(panel);
            assertTrue(alive(worker));
        }
        assertTrue(context.isClosed());
        assertFalse(alive(worker), "the end of a panel bin command or of panel start ends the plugin's threads");
    }

    /** The id of the sample's worker thread, through its CLI (which asks the plugin's context). */
    private static long worker(TestPanel panel) {
        TestPanel.CliRun run = panel.cli("sample", "--worker");
        assertEquals(0, run.exitCode(), run.err());
        return Long.parseLong(run.out().strip().substring("worker thread ".length()));
    }

    @SuppressWarnings("deprecation")
    private static boolean alive(long threadId) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getId() == threadId && t.isAlive());
    }
}
