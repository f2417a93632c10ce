package io.smarthost.panel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quiet {@code panel bin} prints the panel's warnings as plain lines, not a server log's, and {@code settings
 * --reload-ini} lists each panel.ini problem once (before: once as a log line when the home was opened, then again in
 * the list).
 */
class CliWarningsTest {

    private static final String PROBLEM = "panel.ini:";
    private static final String BAD_VALUE = "\"lots\" is not";

    @TempDir
    Path temp;

    private record Run(int code, String out, String err) {
    }

    private Run bin(String... args) throws Exception {
        ProcessBuilder pb = BinProcesses.bin(temp, "cli-warnings-test-password-1", args);
        Path out = temp.resolve("out");
        Path err = temp.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("panel bin did not finish: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private void homeWithABadValue() throws Exception {
        Files.createDirectories(temp.resolve("h"));
        assertEquals(0, bin("settings", "--list").code());
        // a value the panel's own [web] section does not allow
        Files.writeString(temp.resolve("h/panel.ini"), "\n[web]\nmax_body_kb = lots\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
    }

    @Test
    void reloadIniListsEachProblemOnce() throws Exception {
        homeWithABadValue();
        Run run = bin("settings", "--reload-ini");
        String all = run.out() + run.err();
        assertEquals(1, run.code(), all);
        assertEquals(1, count(all, BAD_VALUE), all);
        assertTrue(all.contains("1 problem in panel.ini"), all);
    }

    @Test
    void otherCommandsWarnInOnePlainLine() throws Exception {
        homeWithABadValue();
        Run run = bin("settings", "--list");
        assertEquals(0, run.code(), run.err());
        assertEquals(1, count(run.err(), BAD_VALUE), run.err());
        String line = run.err().lines().filter(l -> l.contains(BAD_VALUE)).findFirst().orElseThrow();
        assertTrue(line.startsWith("WARN " + PROBLEM), line);
        assertFalse(line.matches(".*\\d\\d:\\d\\d:\\d\\d.*"), "no time stamp: " + line);
        assertFalse(line.contains("io.smarthost") || line.contains("[main]"), "no class or thread: " + line);
    }
}
