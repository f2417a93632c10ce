package io.smarthost.panel.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.MenuItem;
import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.testing.HttpReply;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.PluginState;

/** Broken, incompatible and duplicate plugins are refused with a reason; the panel keeps serving. */
class PluginRefusalTest {

    @TempDir
    Path temp;

    private static boolean refused(TestPanel panel, String fileName, String reasonPart) {
        return panel.panel().plugins().problems().stream().anyMatch(p -> p.file().getFileName().toString().equals(fileName)
                && p.reason().contains(reasonPart));
    }

    @Test
    void incompatibleBrokenAndDuplicatePluginsAreRefusedAndThePanelStillServes() throws Exception {
        Path build = temp.resolve("build");
        Path good = Samples.zip(build);
        Path incompatible = Samples.builder(build).id("future").requires(">=9.0.0").buildZip("future-1.0.0.zip");
        Path duplicate = Samples.builder(build).version("1.0.1").buildZip("sample-copy-1.0.1.zip");
        Path missingClass = Samples.builder(build).id("brokenclass").pluginClass("io.smarthost.nope.Missing").buildZip("brokenclass-1.0.0.zip");
        Path notAZip = build.resolve("garbage-1.0.0.zip");
        Files.writeString(notAZip, "this is not a zip file");
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).plugin(good).plugin(incompatible).plugin(duplicate)
                .plugin(missingClass).plugin(notAZip).start()) {
            var plugins = panel.panel().plugins();
            assertEquals(PluginState.STARTED, plugins.getPlugin("sample").getPluginState());
            assertTrue(refused(panel, "future-1.0.0", "requires panel >=9.0.0 but this panel is 1.0.0"), plugins.problems().toString());
            assertTrue(plugins.problems().stream().anyMatch(p -> p.file().getFileName().toString().startsWith("sample-")
                    && p.reason().contains("already")), "duplicate id refused: " + plugins.problems());
            assertTrue(plugins.problems().stream().anyMatch(p -> p.file().getFileName().toString().startsWith("brokenclass")),
                    "missing plugin class refused: " + plugins.problems());
            assertTrue(refused(panel, "garbage-1.0.0.zip", "not a plugin"), plugins.problems().toString());
            assertTrue(!plugins.isActive("future") && !plugins.isActive("brokenclass"));
            HttpReply page = panel.login("admin").get("/tools");
            assertEquals(200, page.status());
            assertTrue(page.body().contains("requires panel &gt;=9.0.0"), "the refusal is shown to the admin");
            assertEquals(404, panel.login("admin").get("/plugins/future/hello").status());
        }
    }

    @Test
    void extensionsInsideALibJarAreFound() {
        Path zip = Samples.builder(temp.resolve("build")).inLibJar().buildZip("sample-lib-1.0.0.zip");
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).plugin(zip).start()) {
            assertEquals(PluginState.STARTED, panel.panel().plugins().getPlugin("sample").getPluginState());
            assertTrue(panel.panel().plugins().extensionsOf(CliCommand.class, "sample").size() == 1,
                    "CliCommand from lib/sample-lib.jar");
            assertEquals(3, panel.panel().plugins().extensionsOf(MenuItem.class, "sample").size());
            assertEquals(0, panel.cli("sample", "--hello", "-name", "lib").exitCode());
            assertEquals(1, panel.panel().services("sample").extensions(CliCommand.class).size(),
                    "HostServices.extensions sees the plugin's own lib/ extensions");
        }
    }

    @Test
    void jarPluginsLoadToo() {
        Path jar = Samples.builder(temp.resolve("build")).buildJar("sample-1.0.0.jar");
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).plugin(jar).withoutWeb().start()) {
            assertEquals(PluginState.STARTED, panel.panel().plugins().getPlugin("sample").getPluginState());
            assertEquals(0, panel.cli("sample", "--hello", "-name", "jar").exitCode());
        }
    }

    @Test
    void disabledStatePersistsAcrossRestarts() {
        Path zip = Samples.zip(temp.resolve("build"));
        Path home = temp.resolve("home");
        try (TestPanel panel = TestPanel.builder(home).plugin(zip).withoutWeb().start()) {
            TestPanel.CliRun run = panel.cli("extension", "--disable", "sample");
            assertEquals(0, run.exitCode(), run.err());
        }
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            assertEquals(PluginState.DISABLED, panel.panel().plugins().getPlugin("sample").getPluginState());
            assertEquals(2, panel.cli("sample", "--hello", "-name", "x").exitCode(), "a disabled plugin's utility is unknown");
            assertEquals(0, panel.cli("extension", "--enable", "sample").exitCode());
        }
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            assertEquals(PluginState.STARTED, panel.panel().plugins().getPlugin("sample").getPluginState());
        }
    }

    @Test
    void installChecksTheFileBeforeCopyingIt() {
        Path build = temp.resolve("build");
        Path noIndex = Samples.builder(build).id("noindex").withoutIndex().buildZip("noindex-1.0.0.zip");
        Path future = Samples.builder(build).id("future").requires(">=9.0.0").buildZip("future-1.0.0.zip");
        Path good = Samples.zip(build);
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).withoutWeb().start()) {
            TestPanel.CliRun refused = panel.cli("extension", "--install", noIndex.toString());
            assertEquals(2, refused.exitCode());
            assertTrue(refused.err().contains("extensions.idx"), refused.err());
            TestPanel.CliRun tooNew = panel.cli("extension", "--install", future.toString());
            assertEquals(2, tooNew.exitCode());
            assertTrue(tooNew.err().contains("requires panel >=9.0.0"), tooNew.err());
            TestPanel.CliRun ok = panel.cli("extension", "--install", good.toString());
            assertEquals(0, ok.exitCode(), ok.err());
            assertTrue(Files.exists(panel.home().resolve("plugins/sample-1.0.0.zip")));
            assertTrue(Files.notExists(panel.home().resolve("plugins/noindex-1.0.0.zip")));
        }
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).withoutWeb().start()) {
            assertNotNull(panel.panel().plugins().getPlugin("sample"));
            TestPanel.CliRun again = panel.cli("extension", "--install", good.toString());
            // the same exit code as "already installed" from a catalogue: the state forbids it, the input is fine
            assertEquals(1, again.exitCode(), again.err());
            assertTrue(again.err().contains("sample is already installed (version 1.0.0): uninstall it first"), again.err());
            assertEquals(0, panel.cli("extension", "--uninstall", "sample").exitCode());
            assertTrue(Files.notExists(panel.home().resolve("plugins/sample-1.0.0.zip")));
        }
    }
}
