package io.smarthost.postfix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.services.CommandRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LocalCommandRunnerTest {

    /**
     * A program that leaves a child holding its output open (as postfix reload's script did) does not hold us: the
     * output is read (a reader waits on it) when the program exits, and the child keeps it open for 30 s more.
     */
    @Test
    @Timeout(20)
    void aChildLeftHoldingTheOutputDoesNotHoldTheCaller() throws Exception {
        long start = System.nanoTime();
        CommandRunner.Result r = new LocalCommandRunner().run(new CommandRunner.Command(
                List.of("/bin/sh", "-c", "sleep 30 & echo hi; sleep 0.5"), null, Duration.ofSeconds(10), Map.of(), Optional.empty()));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, r.exitCode());
        assertFalse(r.timedOut());
        assertEquals("hi\n", r.stdout());
        assertTrue(ms < 6000, "returned after " + ms + " ms");
    }

    @Test
    void inputOutputAndExitCodeAsBefore() throws Exception {
        CommandRunner.Result r = new LocalCommandRunner().run(new CommandRunner.Command(
                List.of("/bin/sh", "-c", "cat; echo oops >&2; exit 3"), "fed".getBytes(), Duration.ofSeconds(10), Map.of(),
                Optional.empty()));
        assertEquals(3, r.exitCode());
        assertEquals("fed", r.stdout());
        assertEquals("oops\n", r.stderr());
    }
}
