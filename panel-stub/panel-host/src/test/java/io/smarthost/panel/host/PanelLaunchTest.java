package io.smarthost.panel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code panel start} and {@code panel bin} as real processes (the entry point on this module's class
 * path): a failed or mistaken run is one line, a non-zero exit, and creates nothing; in particular no
 * home and no admin account whose one-time password would be spent.
 */
class PanelLaunchTest {

    @TempDir
    Path temp;

    private record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private Run panel(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), PanelMain.class.getName()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(temp.toFile());
        pb.environment().remove("PANEL_HOME");
        pb.environment().remove("PANEL_PLUGIN_FILE");
        pb.environment().put("PANEL_ADMIN_PASSWORD", "launch-test-password-1");
        Path out = temp.resolve("run.out");
        Path err = temp.resolve("run.err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("panel " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** What the test folder holds besides the runs' own output files. */
    private List<String> created() throws IOException {
        try (Stream<Path> entries = Files.list(temp)) {
            // a home folder made by the test beforehand counts once something is in it
            return entries.filter(p -> !isEmptyFolder(p)).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("run.")).sorted().toList();
        }
    }

    private static boolean isEmptyFolder(Path p) throws java.io.UncheckedIOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> in = Files.list(p)) {
            return in.findAny().isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void assertOneLine(Run run, int exit, String contains) throws IOException {
        assertEquals(exit, run.exit(), run.err());
        assertEquals(1, run.errLines().size(), "one line: " + run.err());
        assertTrue(run.err().contains(contains), run.err());
        assertFalse(run.err().contains("Exception"), "no stack trace: " + run.err());
        assertEquals(List.of(), created(), "nothing is created by a run that fails");
    }

    /** A word Java could not decode in the locale's character set (it holds U+FFFD) is refused before anything. */
    @Test
    void aWordThatIsNoTextInTheLocaleIsRefusedAndCreatesNothing() throws Exception {
        assertOneLine(panel("bin", "--home", "h", "domain", "--create", "stra\uFFFD\uFFFDe.example", "-owner", "admin"), 2,
                "word 3 of the command is not text in this locale's character set");
    }

    @Test
    void binWithoutArgumentsPrintsUsageAndCreatesNothing() throws Exception {
        assertOneLine(panel("bin"), 2, "usage: panel start");
        assertOneLine(panel("bin", "--home", "h"), 2, "usage: panel start");
    }

    @Test
    void aMissingOrWrongPortIsOneLineBeforeAnythingIsCreated() throws Exception {
        assertOneLine(panel("start", "--port"), 2, "--port needs a value");
        assertOneLine(panel("start", "--home", "h", "--port"), 2, "--port needs a value");
        assertOneLine(panel("start", "--port", "--home", "h"), 2, "--port needs a value");
        assertOneLine(panel("start", "--home", "h", "--port", "70000"), 2, "--port must be a number from 1 to 65535, not '70000'");
        assertOneLine(panel("start", "--home", "h", "--port", "eighty"), 2, "not 'eighty'");
        assertOneLine(panel("start", "--home"), 2, "--home needs a value");
        assertOneLine(panel("start", "--home", "h", "--colour", "red"), 2, "unknown option '--colour'");
    }

    @Test
    void aPortInUseIsOneLineAndNoHomeNorAccount() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Run run = panel("start", "--home", "h", "--port", Integer.toString(taken.getLocalPort()));
            assertOneLine(run, 1, "cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertFalse(run.out().contains("Created the administrator"), run.out());
        }
    }

    @Test
    void aSecondServerOnTheSameHomeIsRefused() throws Exception {
        try (io.smarthost.panel.host.testing.TestPanel running = io.smarthost.panel.host.testing.TestPanel
                .builder(temp.resolve("h")).start()) {
            Run second = panel("start", "--home", "h", "--port", Integer.toString(freePort()));
            assertEquals(1, second.exit(), second.err());
            assertEquals(1, second.errLines().size(), second.err());
            assertTrue(second.err().contains("a panel already runs on the home " + temp.resolve("h") + " at "), second.err());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aHomeThatCannotBeWrittenIsOneLine() throws Exception {
        Files.writeString(temp.resolve("a-file"), "not a folder");
        Run under = panel("bin", "--home", "a-file/home", "domain", "--list");
        assertEquals(1, under.exit(), under.err());
        assertEquals(1, under.errLines().size(), under.err());
        assertTrue(under.err().contains("cannot be created: " + temp.resolve("a-file") + " is not a folder"), under.err());
        Run file = panel("start", "--home", "a-file", "--port", "1");
        assertEquals(1, file.exit(), file.err());
        assertTrue(file.err().contains("is a file, not a folder"), file.err());
        assertEquals(List.of("a-file"), created());
    }

    /** A mistyped home made a new panel, ran the command on it and said "Applied" (a hostile tester). */
    @Test
    void binInAHomeFolderThatDoesNotExistIsRefusedAndCreatesNothing() throws Exception {
        assertOneLine(panel("bin", "--home", "no-such-home", "domain", "--list"), 1,
                "there is no panel home at " + temp.resolve("no-such-home") + " (no such folder)");
        assertOneLine(panel("bin", "--home", "a/b/c", "user", "--list"), 1, "./panel start --home");
    }

    @Test
    void aFailedBinRunInANewHomeTakesBackWhatItCreated() throws Exception {
        Files.createDirectories(temp.resolve("h"));
        assertOneLine(panel("bin", "--home", "h", "nosuchutility", "--list"), 2, "unknown utility 'nosuchutility'");
        assertOneLine(panel("bin", "--home", "h", "domain", "--list", "-jsn"), 2, "unknown option -jsn for --list (did you mean -json?)");
        assertOneLine(panel("bin", "--home", "h", "domian", "--list"), 2, "unknown utility 'domian' (did you mean domain?)");
        assertOneLine(panel("bin", "--home", "h", "domain", "--lst"), 2, "unknown command --lst (did you mean --list?); see panel bin domain --help");
        assertOneLine(panel("bin", "--home", "h", "domain", "--list", "--home", "h"), 2, "go right after bin");
        assertOneLine(panel("bin", "--hom", "h", "domain", "--list"), 2, "unknown option '--hom' (did you mean --home?)");
        // a home folder made beforehand (plugins put in first) keeps what was there, loses what the run made
        Files.createDirectories(temp.resolve("h2/plugins"));
        assertEquals(2, panel("bin", "--home", "h2", "domain", "--create", "").exit());
        try (Stream<Path> left = Files.list(temp.resolve("h2"))) {
            assertEquals(List.of("plugins"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aSucceedingBinRunInANewHomeKeepsItQuietly() throws Exception {
        Files.createDirectories(temp.resolve("h"));
        Run run = panel("bin", "--home", "h", "domain", "--list");
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.isRegularFile(temp.resolve("h/panel.ini")));
        assertTrue(run.err().contains("Created the administrator account 'admin' with the password from PANEL_ADMIN_PASSWORD"),
                run.err());
        // no library's log line (Hibernate Validator's banner, dnsjava's shutdown warning) on a CLI's standard error
        assertTrue(run.err().lines().allMatch(l -> l.startsWith("Created the ") || l.startsWith("  (")), run.err());
        Run again = panel("bin", "--home", "h", "user", "--list");
        assertEquals(0, again.exit(), again.err());
        assertEquals("", again.err());
        assertTrue(again.out().contains("admin"), again.out());
    }

    private void assertHelp(Run run, String contains, String... args) {
        String line = String.join(" ", args);
        assertEquals(0, run.exit(), line + ": " + run.err());
        assertTrue(run.out().contains(contains), line + ": " + run.out());
        assertEquals("", run.err(), line);
    }

    /** Asking for help is not an error: the help on standard output, exit 0; a mistake stays exit 2 on standard error. */
    @Test
    void helpRequestsPrintTheHelpAndExitZero() throws Exception {
        // through the real entry point, a JVM each: a few forms of each kind (PanelCliTest has every form of every
        // utility in process; the launches cost a second each in the test run)
        for (String[] args : List.of(new String[] {"-h"}, new String[] {"start", "--home", "h", "--help"})) {
            assertHelp(panel(args), "usage: panel start", args);
        }
        // no panel home yet (the launcher's default one): the help needs none, and makes none
        for (String[] args : List.of(new String[] {"bin", "--home", "no-home", "help"},
                new String[] {"bin", "--home", "no-home", "settings", "--help"})) {
            assertHelp(panel(args), args.length == 4 ? "Utilities:" : "panel bin settings --set", args);
        }
        assertEquals(List.of(), created(), "a help request makes no home");
        Files.createDirectories(temp.resolve("h"));
        assertEquals(0, panel("bin", "--home", "h", "domain", "--list").exit());
        for (String[] args : List.of(new String[] {"bin", "--home", "h", "user", "-h"},
                new String[] {"bin", "--home", "h", "extension", "-help"})) {
            assertHelp(panel(args), "panel bin " + args[3], args);
        }
        String[] later = {"bin", "--home", "h", "domain", "--list", "--help"};
        assertHelp(panel(later), "panel bin domain", later);
        // a wrong option is still a mistake: exit 2, said on standard error, nothing on standard output
        for (String[] args : List.of(new String[] {"bin", "--home", "h", "settings", "--lst"}, new String[] {"frob"})) {
            Run wrong = panel(args);
            assertEquals(2, wrong.exit(), String.join(" ", args));
            assertEquals("", wrong.out(), String.join(" ", args));
            assertFalse(wrong.err().isBlank(), String.join(" ", args));
        }
    }
}
