package io.smarthost.postfix.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.delivery.Delivery;
import io.smarthost.core.delivery.Outcome;
import io.smarthost.postfix.LocalCommandRunner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Journal entries as {@code journalctl -o json} prints them (fields as strings, the message without the syslog
 * prefix). The test machine has no journald, so the entries are written here in that form; journalctl itself is
 * not run.
 */
class JournalReaderTest {
    static String entry(String cursor, long micros, String identifier, String message) {
        return "{\"__CURSOR\":\"" + cursor + "\",\"__REALTIME_TIMESTAMP\":\"" + micros + "\",\"SYSLOG_IDENTIFIER\":\""
                + identifier + "\",\"_PID\":\"11120\",\"MESSAGE\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    @Test
    void readsDeliveriesFromJournalEntriesAndKeepsTheJournalsCursor() {
        JournalReader r = new JournalReader(new LocalCommandRunner(), "/usr/bin/journalctl", PostfixLogParserTest.DEC_2026);
        List<Delivery> out = new ArrayList<>();
        long[] counts = new long[3];
        long t = Instant.parse("2026-12-05T11:07:16Z").getEpochSecond() * 1_000_000L;
        r.entry(entry("s=a;i=1", t, "postfix/qmgr", "B7844212496: from=<a@alpha.example>, size=369, nrcpt=1 (queue active)"), out::add, counts);
        r.entry(entry("s=a;i=2", t, "postfix/smtp", "B7844212496: to=<r1@remote.example>, relay=127.0.0.1[127.0.0.1]:34805,"
                + " delay=0.68, delays=0.04/0.24/0.35/0.05, dsn=2.0.0, status=sent (250 Ok)"), out::add, counts);
        r.entry(entry("s=a;i=3", t, "dovecot", "imap-login: Login"), out::add, counts);
        r.entry("{not json", out::add, counts);
        assertEquals(1, out.size());
        assertEquals("a@alpha.example", out.get(0).sender());
        assertEquals(Outcome.SENT, out.get(0).outcome());
        assertEquals(Instant.parse("2026-12-05T11:07:16Z"), out.get(0).time());
        assertEquals(2, counts[2], "the foreign entry and the broken line skipped");
        String cursor = r.cursor();
        assertTrue(cursor.contains("s=a;i=3"), cursor);
        JournalReader again = new JournalReader(new LocalCommandRunner(), "/usr/bin/journalctl", PostfixLogParserTest.DEC_2026);
        again.restore(cursor);
        assertEquals(cursor, again.cursor(), "journal cursor and pending senders survive a restart");
    }
}
