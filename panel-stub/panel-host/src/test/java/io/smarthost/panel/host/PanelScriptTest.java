package io.smarthost.panel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root {@code panel} script on a machine without a JDK and Maven (a bare Debian 12): run with a
 * PATH holding this machine's tools minus javac, mvn and apt-get, and a recording apt-get that
 * "installs" stand-ins. Nothing is installed for real.
 */
class PanelScriptTest {

    private static final Path SCRIPT = Path.of("../../panel").toAbsolutePath().normalize();
    private static final Set<String> HIDDEN = Set.of("javac", "mvn", "apt-get", "debconf-set-selections");

    @TempDir
    Path temp;

    /** A folder of links to this machine's tools minus {@link #HIDDEN}. */
    private Path toolsWithoutJdkAndMaven() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        for (String dir : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
            try (Stream<Path> tools = Files.list(Path.of(dir))) {
                for (Path tool : tools.toList()) {
                    Path link = bin.resolve(tool.getFileName().toString());
                    if (!HIDDEN.contains(link.getFileName().toString()) && Files.notExists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, tool);
                    }
                }
            }
        }
        return bin;
    }

    @Test
    void mavensEscapeDebrisIsStrippedWhenOutputIsNoTerminal() throws Exception {
        // Debian's Maven 3.8 writes ESC[0m even with -B; captured output (CI logs, a pipe) must not hold it
        Path bin = toolsWithoutJdkAndMaven();
        script(bin.resolve("javac"), "echo javac stand-in");
        script(bin.resolve("mvn"), "printf '\\033[0m\\033[0mmvn ran: %s\\n' \"$*\"; printf '\\033[0m\\033[0m' >&2");
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), "test").redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("mvn ran: -B verify"), out);
        assertTrue(!out.contains("\u001b"), "no escape sequence: " + out.replace("\u001b", "ESC"));
    }

    @Test
    void panelTestInstallsTheJdkAndMavenWhenMissing() throws Exception {
        assertTrue(Files.isRegularFile(SCRIPT), "the panel script is expected at " + SCRIPT);
        Path bin = toolsWithoutJdkAndMaven();
        Path log = temp.resolve("apt.log");
        script(bin.resolve("debconf-set-selections"), "cat >/dev/null");
        script(bin.resolve("apt-get"), "echo \"apt-get $*\" >> '" + log + "'\n"
                + "for p in \"$@\"; do case \"$p\" in\n"
                + "  default-jdk-headless) printf '#!/bin/sh\\necho javac stand-in\\n' > '" + bin + "/javac'; chmod +x '" + bin + "/javac' ;;\n"
                + "  maven) printf '#!/bin/sh\\necho \"mvn ran: $*\"\\n' > '" + bin + "/mvn'; chmod +x '" + bin + "/mvn' ;;\n"
                + "esac; done");
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), "test").redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        String apt = Files.readString(log);
        assertTrue(apt.contains("install") && apt.contains("default-jdk-headless") && apt.contains("maven"), apt);
        assertTrue(out.contains("mvn ran: -B verify"), "the build ran with the installed Maven: " + out);
    }

    /** Asking the launcher for help is no mistake (exit 0, standard output) and builds, installs and runs nothing. */
    @Test
    void helpRequestsPrintTheUsageAndRunNothing() throws Exception {
        Path bin = toolsWithoutJdkAndMaven();
        Path log = temp.resolve("ran.log");
        for (String tool : List.of("javac", "mvn", "apt-get")) {
            script(bin.resolve(tool), "echo \"" + tool + " $*\" >> '" + log + "'");
        }
        for (List<String> words : List.of(List.of("--help"), List.of("-h"), List.of("help"), List.of("test", "--help"),
                List.of("bench", "-h"), List.of("start", "--home", "x", "--help"))) {
            String[] result = launcher(bin, words);
            assertEquals("0", result[0], words + ": " + result[2]);
            assertTrue(result[1].contains("./panel start [--home DIR] [--port N]"), words + ": " + result[1]);
            assertEquals("", result[2], words.toString());
        }
        assertTrue(Files.notExists(log), "nothing ran: " + (Files.exists(log) ? Files.readString(log) : ""));
        for (List<String> words : List.of(List.<String>of(), List.of("frobnicate"))) {
            String[] result = launcher(bin, words);
            assertEquals("2", result[0], words.toString());
            assertEquals("", result[1], words + ": a mistake's usage goes to standard error");
            assertTrue(result[2].contains("./panel start [--home DIR] [--port N]"), words + ": " + result[2]);
        }
    }

    /** The exit code, standard output and standard error of the launcher run with {@code words}. */
    private String[] launcher(Path bin, List<String> words) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        argv.addAll(words);
        Path out = temp.resolve("out");
        Path err = temp.resolve("err");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the script did not finish");
        return new String[] {Integer.toString(p.exitValue()), Files.readString(out), Files.readString(err)};
    }

    private static void script(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
