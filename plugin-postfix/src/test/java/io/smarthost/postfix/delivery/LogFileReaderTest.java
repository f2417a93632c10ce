package io.smarthost.postfix.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.delivery.Delivery;
import io.smarthost.core.delivery.DeliveryLog.ReadStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The incremental reader: offsets, a line still being written, rotation by rename and truncation, restarts. */
class LogFileReaderTest {
    @TempDir
    Path dir;

    private final List<Delivery> seen = new ArrayList<>();

    private LogFileReader reader(Path log) {
        return new LogFileReader(log, PostfixLogParserTest.DEC_2026, ZoneOffset.UTC);
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String messages(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(LogLines.message("Dec 05 11:07:16", i, "s" + i + "@alpha.example"));
        }
        return sb.toString();
    }

    private Set<String> recipients() {
        Set<String> r = new TreeSet<>();
        seen.forEach(d -> assertTrue(r.add(d.recipient()), "counted twice: " + d.recipient()));
        return r;
    }

    @Test
    void readsOnlyWhatWasAddedAndWaitsForTheEndOfALine() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, messages(0, 10));
        LogFileReader r = reader(log);
        ReadStats first = r.read(seen::add, 1000);
        assertEquals(30, first.lines());
        assertEquals(10, first.deliveries());
        assertTrue(first.caughtUp());
        String next = messages(10, 11);
        int cut = next.indexOf("status=sent");
        append(log, next.substring(0, cut));
        assertEquals(1, r.read(seen::add, 1000).lines(), "the announcement only; the delivery line is not finished");
        append(log, next.substring(cut));
        r.read(seen::add, 1000);
        assertEquals(11, recipients().size());
        assertEquals("s10@alpha.example", seen.get(10).sender(), "sender kept across reads");
    }

    @Test
    void stopsAfterMaxLinesAndContinuesThere() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, messages(0, 100));
        LogFileReader r = reader(log);
        ReadStats part = r.read(seen::add, 50);
        assertTrue(!part.caughtUp());
        while (!r.read(seen::add, 50).caughtUp()) {
            // next slice
        }
        assertEquals(100, recipients().size());
    }

    @Test
    void rotationByRenameInTheMiddleLosesNothingAndCountsNothingTwice() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, messages(0, 20));
        LogFileReader r = reader(log);
        r.read(seen::add, 1000);
        append(log, messages(20, 30));
        Files.move(log, dir.resolve("maillog.1"));
        append(dir.resolve("maillog.1"), messages(30, 35)); // Postfix still writes to the old file until it reopens
        append(log, messages(35, 50));
        r.read(seen::add, 1000);
        assertEquals(50, recipients().size());
    }

    @Test
    void aRestartedReaderFindsTheRotatedFileByItsInode() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, messages(0, 20));
        LogFileReader r = reader(log);
        r.read(seen::add, 1000);
        String cursor = r.cursor();
        r.close();
        append(log, messages(20, 30));
        Files.move(log, dir.resolve("maillog.1"));
        append(log, messages(30, 40));
        LogFileReader again = reader(log);
        again.restore(cursor);
        again.read(seen::add, 1000);
        assertEquals(40, recipients().size());
    }

    @Test
    void truncationStartsAgainFromTheBeginning() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, messages(0, 20));
        LogFileReader r = reader(log);
        r.read(seen::add, 1000);
        Files.writeString(log, messages(20, 25)); // copytruncate, then new lines
        r.read(seen::add, 1000);
        assertEquals(25, recipients().size());
    }

    @Test
    void aSenderAnnouncedBeforeARestartIsKeptInTheCursor() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, LogLines.from("Dec 05 11:07:15", "ABCDE00001", "early@beta.example"));
        LogFileReader r = reader(log);
        r.read(seen::add, 1000);
        LogFileReader again = reader(log);
        again.restore(r.cursor());
        append(log, LogLines.sent("Dec 05 11:07:16", "ABCDE00001", "x@remote.example"));
        again.read(seen::add, 1000);
        assertEquals("early@beta.example", seen.get(0).sender());
    }

    @Test
    void aLineLongerThanTheBufferIsSkippedAndReadingGoesOn() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, messages(0, 2) + "Dec 05 11:07:16 pfx-test postfix/smtp[1]: " + "x".repeat(LogFileReader.BUFFER + 10)
                + "\n" + messages(2, 4));
        ReadStats s = reader(log).read(seen::add, 1000);
        assertEquals(4, recipients().size());
        assertEquals(1, s.skipped());
    }

    @Test
    void aMissingLogIsNothingYet() throws IOException {
        LogFileReader r = reader(dir.resolve("absent"));
        assertTrue(r.read(seen::add, 10).caughtUp());
        append(dir.resolve("absent"), messages(0, 3));
        r.read(seen::add, 10);
        assertEquals(3, recipients().size());
    }
}
