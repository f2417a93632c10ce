package io.smarthost.ui.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code panel bin} beside a running {@code panel start}, both real processes of the built jar with the
 * built plugin file: a CLI process that forwards an extension change to the server never fails stopping
 * its own copy of a plugin whose files the server just removed or replaced (issue 14: uninstall exited 1
 * with {@code NoClassDefFoundError: io/smarthost/ui/web/PageRuntime}); its output is one line and no
 * library log line. Options without their value change nothing.
 */
class CliBesideServerIT {

    @TempDir
    Path base;

    @Test
    void optionsWithoutValuesAndExtensionChangesWhileTheServerRuns() throws Exception {
        try (PanelProcesses panel = new PanelProcesses(base)) {
            Path catalog = panel.pluginZip.toAbsolutePath().getParent().resolve("catalog");
            Files.writeString(panel.homeView.resolve("panel.ini"), Files.readString(panel.homeView.resolve("panel.ini"))
                    + "\n[extensions]\nrepositories = " + catalog + "\n");
            panel.startServer();
            optionsWithoutTheirValueAreRefusedAndChangeNothing(panel);
            extensionChangesAreOneLineAndExitZero(panel);
        }
    }

    private static void optionsWithoutTheirValueAreRefusedAndChangeNothing(PanelProcesses panel) throws Exception {
        Path mainCf = panel.homeView.resolve("mail-sandbox/postfix/main.cf");
        String before = Files.readString(mainCf);
        String listBefore = panel.cli("smarthost", "--list", "-json").out();
        for (List<String> words : List.of(List.of("--update", "-host"), List.of("--update-domain", "example.net", "-host",
                "-port", "25"), List.of("--update", "-port", ""), List.of("--update", "-encryption", ""))) {
            PanelProcesses.Run run = panel.cli(words("smarthost", words));
            assertEquals(2, run.exit(), words + ": " + run.out() + run.err());
            assertEquals(1, run.err().strip().lines().count(), words + ": one line: " + run.err());
            String option = words.stream().filter(w -> w.startsWith("-") && !w.startsWith("--")).findFirst().orElseThrow();
            assertTrue(run.err().startsWith("smarthost: option " + option + " "), run.err());
            assertEquals("", run.out(), words + ": nothing said done");
        }
        assertEquals(before, Files.readString(mainCf), "main.cf unchanged");
        assertEquals(listBefore, panel.cli("smarthost", "--list", "-json").out(), "the relays unchanged");
        // -verbose brings the libraries' log lines back, on standard error only
        PanelProcesses.Run verbose = panel.cli("smarthost", "--list", "-verbose");
        assertEquals(0, verbose.exit(), verbose.err());
        assertFalse(verbose.err().isBlank(), "the libraries' lines with -verbose");
    }

    private static void extensionChangesAreOneLineAndExitZero(PanelProcesses panel) throws Exception {
        // the CLI's own plugin copy is used (classes loaded), then the server changes the files under it
        for (List<String> change : List.of(List.of("--disable", "smarthost"), List.of("--enable", "smarthost"),
                List.of("--update", "smarthost"), List.of("--uninstall", "smarthost"))) {
            PanelProcesses.Run run = panel.cli(words("extension", change));
            assertEquals(0, run.exit(), change + ": " + run.err());
            assertEquals(1, run.out().strip().lines().count(), change + ": " + run.out());
            assertTrue(run.out().contains("the running panel has applied it"), run.out());
            assertEquals("", run.err(), change + ": nothing on standard error");
        }
        assertTrue(panel.serverRunning(), "the server still runs");
        PanelProcesses.Run install = panel.cli("extension", "--install", panel.pluginZip.toString());
        assertEquals(0, install.exit(), install.err());
        PanelProcesses.Run again = panel.cli("extension", "--install", panel.pluginZip.toString());
        assertEquals(1, again.exit(), "already installed: " + again.err());
        PanelProcesses.Run fromCatalogue = panel.cli("extension", "--install", "smarthost");
        assertEquals(1, fromCatalogue.exit(), "already installed, the same code from a catalogue: " + fromCatalogue.err());
    }

    private static String[] words(String utility, List<String> rest) {
        String[] all = new String[rest.size() + 1];
        all[0] = utility;
        for (int i = 0; i < rest.size(); i++) {
            all[i + 1] = rest.get(i);
        }
        return all;
    }
}
