package io.smarthost.ui.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asking the real {@code ./panel} launcher for help (the plugin's utility included) is no mistake: the help on standard
 * output and exit 0, with or without a panel home (a hostile tester: {@code panel bin --help} exited 1 where the
 * launcher's default home did not exist yet, {@code panel bin smarthost -h} exited 2).
 */
class LauncherHelpIT {

    @TempDir
    Path temp;

    private record Run(int exit, String out, String err) {
    }

    @Test
    void everyHelpRequestPrintsTheHelpAndExitsZero() throws Exception {
        String zip = System.getProperty("smarthost.pluginZip");
        assertNotNull(zip, "run through Maven (failsafe sets smarthost.pluginZip)");
        Path root = Path.of(zip).toAbsolutePath().getParent().getParent().getParent();
        Path missing = temp.resolve("no-home-yet");
        Run list = run(root, "bin", "--home", missing.toString(), "--help");
        assertEquals(0, list.exit, list.err);
        assertTrue(list.out.contains("smarthost") && list.out.contains("settings"), list.out);
        assertEquals("", list.err);
        for (String word : List.of("--help", "-h", "help")) {
            Run help = run(root, "bin", "--home", missing.toString(), "smarthost", word);
            assertEquals(0, help.exit, word + ": " + help.err);
            assertTrue(help.out.contains("panel bin smarthost COMMAND [options]"), word + ": " + help.out);
            assertEquals("", help.err, word);
        }
        assertTrue(Files.notExists(missing), "a help request makes no home");
        Path home = Files.createDirectories(temp.resolve("home"));
        Run wrong = run(root, "bin", "--home", home.toString(), "smarthost", "--lst");
        assertEquals(2, wrong.exit, wrong.err);
        assertEquals("", wrong.out);
        assertTrue(wrong.err.contains("see panel bin smarthost --help"), wrong.err);
    }

    /** {@code ./panel ARGS} with the launcher's build skipped. */
    private Run run(Path root, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("bash", root.resolve("panel").toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(root.toFile()).redirectOutput(temp.resolve("out").toFile())
                .redirectError(temp.resolve("err").toFile());
        pb.environment().put("PANEL_NO_BUILD", "1");
        pb.environment().put("PANEL_ADMIN_PASSWORD", "launcher-admin-password-1");
        pb.environment().remove("PANEL_HOME");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", argv) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(temp.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(temp.resolve("err"), StandardCharsets.UTF_8));
    }
}
