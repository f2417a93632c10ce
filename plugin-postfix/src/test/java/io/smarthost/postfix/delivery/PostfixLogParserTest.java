package io.smarthost.postfix.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.core.delivery.Delivery;
import io.smarthost.core.delivery.Outcome;
import io.smarthost.postfix.delivery.PostfixLogParser.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on lines a real Postfix 3.7 wrote (captured from a test instance), and on damaged ones. */
class PostfixLogParserTest {
    static final Clock DEC_2026 = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);

    private final List<Delivery> out = new ArrayList<>();
    private final PostfixLogParser parser = new PostfixLogParser(DEC_2026, ZoneOffset.UTC, new PendingSenders());

    private Kind parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        int end = b.length > 0 && b[b.length - 1] == '\n' ? b.length - 1 : b.length;
        return parser.line(b, 0, end, out::add);
    }

    @Test
    void readsEveryDeliveryOfARealMaillogWithItsSenderRelayAndReply() throws IOException {
        String log;
        try (InputStream in = getClass().getResourceAsStream("/delivery/postfix-3.7-maillog.txt")) {
            log = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : log.split("\n")) {
            parse(line);
        }
        assertEquals(4, out.size());
        Delivery refused = out.get(0);
        assertEquals("c@closed.example", refused.sender());
        assertEquals("closed.example", refused.senderDomain());
        assertEquals(Outcome.DEFERRED, refused.outcome());
        assertEquals("none", refused.relay());
        assertEquals("4.4.1", refused.dsn());
        assertEquals("connect to 127.0.0.1[127.0.0.1]:1: Connection refused", refused.reply());
        assertEquals(0, refused.replyCode());
        assertEquals(Instant.parse("2026-12-05T11:07:16Z"), refused.time());

        Delivery login = out.get(1);
        assertEquals("b@beta.example", login.sender());
        assertEquals("127.0.0.1[127.0.0.1]:34805", login.relay());
        assertEquals(535, login.replyCode());
        assertEquals(Outcome.DEFERRED, login.outcome());

        Delivery sent = out.get(2);
        assertEquals("a@alpha.example", sent.sender());
        assertEquals("r1@remote.example", sent.recipient());
        assertEquals(Outcome.SENT, sent.outcome());
        assertEquals("2.0.0", sent.dsn());
        assertEquals(250, sent.replyCode());
        assertEquals(0.68, sent.delaySeconds(), 1e-9);
        assertEquals("B7844212496", sent.queueId());
        assertEquals("d@other.example", out.get(3).sender());
    }

    @Test
    void readsTheTraditionalSyslogDayAndRfc3339Times() {
        assertEquals(Kind.POSTFIX, parse(LogLines.from("Dec  5 11:07:15", "AAAAA11111", "x@y.example")));
        assertEquals(Kind.DELIVERY, parse(LogLines.sent("Dec  5 11:07:16", "AAAAA11111", "r@z.example")));
        assertEquals(Instant.parse("2026-12-05T11:07:16Z"), out.get(0).time());
        assertEquals("x@y.example", out.get(0).sender());
        assertEquals(Kind.DELIVERY, parse(LogLines.sent("2026-12-05T11:07:16.123456+01:00", "BBBBB22222", "r@z.example")));
        assertEquals(Instant.parse("2026-12-05T10:07:16Z"), out.get(1).time());
        assertEquals("", out.get(1).sender(), "sender unknown: not announced");
    }

    @Test
    void aDateAfterTodayBelongsToLastYear() {
        parse(LogLines.sent("Dec 31 23:59:59", "CCCCC33333", "r@z.example"));
        assertEquals(Instant.parse("2025-12-31T23:59:59Z"), out.get(0).time());
    }

    @Test
    void skipsForeignMalformedAndTruncatedLinesAndLocalDelivery() {
        assertEquals(Kind.FOREIGN, parse("Dec 05 11:07:16 pfx-test dovecot[77]: imap-login: Login: user=<u>"));
        assertEquals(Kind.MALFORMED, parse("garbage without a time"));
        assertEquals(Kind.MALFORMED, parse(""));
        assertEquals(Kind.MALFORMED, parse("Dec 05 11:07:16 pfx-test postfix/smtp[1]"));
        String whole = LogLines.sent("Dec 05 11:07:16", "DDDDD44444", "r@z.example");
        assertEquals(Kind.MALFORMED, parse(whole.substring(0, whole.indexOf("status=sent") + 8)), "cut in the status");
        assertEquals(Kind.MALFORMED, parse(whole.substring(0, whole.length() - 3)), "reply not closed");
        assertEquals(Kind.MALFORMED, parse(whole.replace("Dec 05", "Dex 05")));
        assertEquals(Kind.MALFORMED, parse(whole.replace("11:07:16", "11:07:xx")));
        assertEquals(Kind.POSTFIX, parse("Dec 05 11:07:16 pfx-test postfix/local[9]: EEEEE55555: to=<u@localhost>,"
                + " relay=local, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (delivered to mailbox)"));
        assertTrue(out.isEmpty(), "nothing counted: " + out);
        assertEquals(Kind.DELIVERY, parse(whole), "the whole line still reads");
    }

    @Test
    void anExpiredMessageCountsAsBounced() {
        parse("Dec 05 11:07:16 pfx-test postfix/qmgr[1]: FFFFF66666: from=<old@alpha.example>, status=expired, returned to sender");
        assertEquals(1, out.size());
        assertEquals(Outcome.BOUNCED, out.get(0).outcome());
        assertEquals("old@alpha.example", out.get(0).sender());
    }

    @Test
    void aBounceHasAnEmptySenderAndARemovedMessageIsForgotten() {
        parse(LogLines.from("Dec 05 11:07:15", "ABCDE12345", ""));
        parse(LogLines.sent("Dec 05 11:07:16", "ABCDE12345", "u@remote.example"));
        assertEquals("", out.get(0).sender());
        parse(LogLines.from("Dec 05 11:07:15", "ABCDE12346", "s@alpha.example"));
        parse(LogLines.removed("Dec 05 11:07:16", "ABCDE12346"));
        assertTrue(!parser.knowsSender("ABCDE12346"));
    }

    @Test
    void aRelaysRejectionIsABounceWithItsCodes() {
        parse(LogLines.from("Dec 05 11:07:15", "BCDEF12345", "s@gamma.example"));
        // captured from the real instance (DeliveryStatusPostfixTest's refusing relay)
        parse("Dec 05 11:19:25 pfx-test postfix/smtp[26593]: BCDEF12345: to=<rcpt0@remote.example>,"
                + " relay=127.0.0.1[127.0.0.1]:36445, delay=1.6, delays=0.03/0.99/0.55/0, dsn=5.7.1, status=bounced"
                + " (host 127.0.0.1[127.0.0.1] said: 550 5.7.1 Sender address not verified: r@refused.example"
                + " (in reply to end of DATA command))");
        Delivery d = out.get(0);
        assertEquals(Outcome.BOUNCED, d.outcome());
        assertEquals(550, d.replyCode());
        assertEquals("5.7.1", d.dsn());
        assertEquals("s@gamma.example", d.sender());
        assertTrue(d.reply().endsWith("(in reply to end of DATA command)"), "nested parentheses kept: " + d.reply());
    }

    static ZoneId utc() {
        return ZoneOffset.UTC;
    }
}
