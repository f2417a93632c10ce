package io.smarthost.panel.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.CliProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Progress of long CLI work when standard error is not a terminal: plain lines, no control characters. */
class CliProgressTest {

    @Test
    void quickWorkPrintsOnlyItsLastFigureAsAPlainLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CliProgress progress = CliProgress.lines(err, "creating domains", 100_000);
        progress.update(1_000);
        progress.update(50_000);
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing before a second has passed");
        progress.update(100_000);
        progress.done();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("creating domains: 100,000/100,000 (100%) after "), text);
        assertTrue(text.chars().noneMatch(c -> c == '\r' || c == 0x1b), "no carriage return or escape: " + text);
        assertEquals(1, text.lines().count(), text);
    }
}
