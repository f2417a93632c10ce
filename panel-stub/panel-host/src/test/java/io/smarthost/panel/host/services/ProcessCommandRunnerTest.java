package io.smarthost.panel.host.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.services.CommandRunner.Command;
import io.smarthost.panel.api.services.CommandRunner.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCommandRunnerTest {

    @TempDir
    Path dir;

    @Test
    void feedsStdinThenClosesIt() throws Exception {
        Result r = new ProcessCommandRunner(dir).run(Command.of(Duration.ofSeconds(10), "cat")
                .withStdin("secret-on-stdin".getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.ok());
        assertEquals("secret-on-stdin", r.stdout());
    }

    @Test
    void killsARunPastItsTimeout() throws Exception {
        long start = System.nanoTime();
        Result r = new ProcessCommandRunner(dir).run(Command.of(Duration.ofMillis(300), "sleep", "30"));
        assertTrue(r.timedOut());
        assertTrue(System.nanoTime() - start < 10_000_000_000L);
    }

    @Test
    void capsOutputAtOneMebibyte() throws Exception {
        Result r = new ProcessCommandRunner(dir).run(Command.of(Duration.ofSeconds(20), "head", "-c", "3000000", "/dev/zero"));
        assertEquals(0, r.exitCode());
        assertEquals(ProcessCommandRunner.CAP, r.stdout().length());
    }

    @Test
    void reportsTheExitCodeAndStderr() throws Exception {
        Result r = new ProcessCommandRunner(dir).run(Command.of(Duration.ofSeconds(10), "sh", "-c", "echo oops >&2; exit 3"));
        assertEquals(3, r.exitCode());
        assertEquals("oops\n", r.stderr());
    }

    @Test
    void timeoutHoldsWhenTheChildNeverReadsALargeStdin() throws Exception {
        long start = System.nanoTime();
        Result r = new ProcessCommandRunner(dir).run(Command.of(Duration.ofMillis(500), "sleep", "5")
                .withStdin(new byte[1 << 20]));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(r.timedOut(), r.toString());
        assertTrue(tookMillis < 1_500, "returned after " + tookMillis + " ms for a 500 ms timeout");
    }

    @Test
    void timeoutHoldsWhenAGrandchildKeepsTheOutputOpen() throws Exception {
        long start = System.nanoTime();
        // the subshell's child is orphaned at once (not a descendant any more, so not killed) and holds stdout
        Result r = new ProcessCommandRunner(dir).run(Command.of(Duration.ofMillis(300), "sh", "-c",
                "echo started; (sleep 8 &); sleep 10"));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(r.timedOut());
        assertEquals("started\n", r.stdout());
        assertTrue(tookMillis < 4_000, "returned after " + tookMillis + " ms");
    }
}
