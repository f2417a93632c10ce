package io.smarthost.panel.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.api.CliProgress;
import io.smarthost.panel.host.extensions.catalog.Fetcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catalogue downloads tell the CLI how far they are (issue 16): plain lines when not on a terminal. */
class DownloadBarsTest {

    @TempDir
    Path dir;

    @Test
    void aFetchOnTheCliThreadReportsItsBytesAndEndsItsLine() throws Exception {
        Path source = dir.resolve("smarthost-9.9.zip");
        Files.write(source, new byte[300 * 1024]);
        List<Long> seen = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        DownloadBars bars = new DownloadBars((what, total) -> {
            seen.add(total);
            return CliProgress.lines(err, what, total);
        });
        Fetcher.listening(bars, () -> {
            Fetcher.defaults().fetch(source.toUri(), dir.resolve("copy.zip"));
            return null;
        });
        assertEquals(List.of(300L * 1024), seen, "one progress for the file, its size as the total");
        assertEquals(300 * 1024, Files.size(dir.resolve("copy.zip")));
        String text = bytes.toString(StandardCharsets.UTF_8);
        // a quick copy prints only its last figure (no line before a second has passed)
        assertTrue(text.isEmpty() || text.startsWith("downloading smarthost-9.9.zip (bytes): 307,200/307,200 (100%)"), text);
        assertTrue(text.chars().noneMatch(c -> c == '\r' || c == 0x1b), text);

        seen.clear();
        Fetcher.defaults().fetch(source.toUri(), dir.resolve("again.zip"));
        assertEquals(List.of(), seen, "fetches outside the CLI's scope draw nothing");
    }
}
