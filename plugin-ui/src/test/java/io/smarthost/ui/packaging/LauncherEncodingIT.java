package io.smarthost.ui.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./panel} launcher prints in UTF-8 whatever the locale: under {@code LANG=C} Java 17 wrote the
 * platform's ASCII, and a name shown in Unicode (straße.example) came out as {@code stra?e.example}.
 */
class LauncherEncodingIT {

    @TempDir
    Path temp;

    @Test
    void theCliPrintsUnicodeNamesInUtf8UnderTheCLocale() throws Exception {
        String zip = System.getProperty("smarthost.pluginZip");
        assertNotNull(zip, "run through Maven (failsafe sets smarthost.pluginZip)");
        Path root = Path.of(zip).toAbsolutePath().getParent().getParent().getParent();
        Path home = java.nio.file.Files.createDirectories(temp.resolve("home"));
        assertEquals(0, run(root, home, "domain", "--create", "xn--strae-oqa.example", "-owner", "admin").exit);
        Run info = run(root, home, "domain", "--info", "xn--strae-oqa.example");
        assertEquals(0, info.exit, info.out);
        assertTrue(info.out.contains("\tin Unicode: straße.example"), info.out);
        Run saved = run(root, home, "smarthost", "--update-domain", "xn--strae-oqa.example", "-host", "[192.0.2.77]", "-port",
                "25", "-encryption", "none", "-auth", "false");
        assertEquals(0, saved.exit, saved.out);
        Run list = run(root, home, "smarthost", "--list", "-filter", "strae");
        assertEquals(0, list.exit, list.out);
        assertTrue(list.out.contains("straße.example"), list.out);
        // typed in Unicode under the C locale (the bytes of "straße" given by bash, whatever this JVM's own encoding):
        // the launcher runs Java in C.UTF-8, so the word is read as typed (it was two U+FFFD, and found nothing)
        Run typed = start(root, List.of("bash", "-c", "exec bash \"$0\" bin --home \"$1\" smarthost --list -filter"
                + " $'stra\\xc3\\x9fe'", root.resolve("panel").toString(), home.toString()));
        assertEquals(0, typed.exit, typed.out);
        assertTrue(typed.out.contains("straße.example"), typed.out);
    }

    private record Run(int exit, String out) {
    }

    /** {@code ./panel bin --home HOME ARGS} under the C locale; its output read as UTF-8. */
    private Run run(Path root, Path home, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("bash", root.resolve("panel").toString(), "bin", "--home",
                home.toString()));
        argv.addAll(List.of(args));
        return start(root, argv);
    }

    /** Runs {@code argv} in {@code root} under the C locale, the launcher's build skipped; its output read as UTF-8. */
    private Run start(Path root, List<String> argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("out").toFile());
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("PANEL_NO_BUILD", "1");
        pb.environment().put("PANEL_ADMIN_PASSWORD", "launcher-admin-password-1");
        pb.environment().remove("PANEL_HOME");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", argv) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(temp.resolve("out"), StandardCharsets.UTF_8));
    }
}
