package io.smarthost.postfix.delivery;

import io.smarthost.core.delivery.Delivery;
import io.smarthost.core.delivery.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Consumer;

/**
 * Reads Postfix's log lines, bytes in, deliveries out, without regular expressions (a million lines a second is
 * the aim). What it understands:
 *
 * <pre>
 * Dec 05 11:07:15 host postfix/qmgr[11089]: B7844212496: from=&lt;a@alpha.example&gt;, size=369, nrcpt=1 (queue active)
 * Dec 05 11:07:16 host postfix/smtp[11120]: B7844212496: to=&lt;r1@remote.example&gt;, relay=127.0.0.1[127.0.0.1]:34805,
 *     delay=0.68, delays=0.04/0.24/0.35/0.05, dsn=2.0.0, status=sent (250 Ok)
 * Dec 05 11:07:16 host postfix/qmgr[11089]: B7844212496: removed
 * Dec 05 11:07:16 host postfix/qmgr[11089]: C0CB52122A3: from=&lt;c@closed.example&gt;, status=expired, returned to sender
 * </pre>
 *
 * Delivery lines of the SMTP client and of {@code error}/{@code retry} (mail held back after earlier failures)
 * count; local delivery ({@code local}, {@code virtual}, {@code lmtp}, {@code pipe}, {@code discard}) does not go
 * through a relay and is left out. A line of another program is foreign; a line without a readable time and
 * tag, or a delivery line cut short (no status, an unclosed reply), is malformed. Neither stops the reading.
 */
final class PostfixLogParser {

    /** What one line was. */
    enum Kind { DELIVERY, POSTFIX, FOREIGN, MALFORMED }

    private static final byte[] STATUS = ", status=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RELAY = ", relay=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELAY = ", delay=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DSN = ", dsn=".getBytes(StandardCharsets.US_ASCII);

    private final SyslogTime time;
    private final PendingSenders pending;

    PostfixLogParser(Clock clock, ZoneId zone, PendingSenders pending) {
        this.time = new SyslogTime(clock, zone);
        this.pending = pending;
    }

    /** One whole line {@code b[from, to)} without its newline. */
    Kind line(byte[] b, int from, int to, Consumer<Delivery> sink) {
        if (to > from && b[to - 1] == '\r') {
            to--;
        }
        long epoch = time.parse(b, from, to);
        if (epoch < 0) {
            return Kind.MALFORMED;
        }
        int at = time.end + 1;
        while (at < to && b[at] != ' ') { // host name
            at++;
        }
        at++;
        if (to - at < 9 || b[at] != 'p' || b[at + 1] != 'o' || b[at + 2] != 's' || b[at + 3] != 't' || b[at + 4] != 'f'
                || b[at + 5] != 'i' || b[at + 6] != 'x') {
            return at < to ? Kind.FOREIGN : Kind.MALFORMED;
        }
        int tagStart = at;
        while (at < to && b[at] != ':' && b[at] != ' ') {
            at++;
        }
        if (at + 1 >= to || b[at] != ':' || b[at + 1] != ' ') {
            return Kind.MALFORMED;
        }
        int tagEnd = at;
        int bracket = tagEnd;
        for (int i = tagStart; i < tagEnd; i++) {
            if (b[i] == '[') {
                bracket = i;
                break;
            }
        }
        int slash = bracket;
        while (slash > tagStart && b[slash - 1] != '/') {
            slash--;
        }
        return message(epoch, b, slash, bracket, at + 2, to, sink);
    }

    /**
     * The message part {@code b[from, to)} of a Postfix line logged at {@code epoch} by the program whose name is
     * {@code b[progFrom, progTo)} ({@code smtp}, {@code qmgr}, ...). Also used for journal entries.
     */
    Kind message(long epoch, byte[] b, int progFrom, int progTo, int from, int to, Consumer<Delivery> sink) {
        int at = from;
        while (at < to && isIdChar(b[at])) {
            at++;
        }
        int idLen = at - from;
        if (idLen < 5 || idLen > 20 || at + 1 >= to || b[at] != ':' || b[at + 1] != ' ') {
            return Kind.POSTFIX; // not about one message (connect from, warning, statistics, ...)
        }
        int msg = at + 2;
        if (msg >= to) {
            return Kind.POSTFIX;
        }
        byte c = b[msg];
        if (c == 't' && startsWith(b, msg, to, "to=<")) {
            if (isLocalDelivery(b, progFrom, progTo)) {
                return Kind.POSTFIX;
            }
            return delivery(epoch, b, from, idLen, msg, to, sink);
        }
        if (c == 'f' && startsWith(b, msg, to, "from=<")) {
            int close = indexOf(b, msg + 6, to, (byte) '>');
            if (close < 0) {
                return Kind.MALFORMED;
            }
            String queueId = ascii(b, from, idLen);
            String sender = utf8(b, msg + 6, close - msg - 6);
            if (startsWith(b, close + 1, to, ", status=expired")) {
                pending.remove(queueId);
                sink.accept(new Delivery(SyslogTime.instant(epoch), queueId, sender, "", "none", Outcome.BOUNCED, "",
                        "expired, returned to sender", 0));
                return Kind.DELIVERY;
            }
            pending.put(queueId, sender);
            return Kind.POSTFIX;
        }
        if (c == 'r' && to - msg == 7 && startsWith(b, msg, to, "removed")) {
            pending.remove(ascii(b, from, idLen));
        }
        return Kind.POSTFIX;
    }

    private Kind delivery(long epoch, byte[] b, int idFrom, int idLen, int msg, int to, Consumer<Delivery> sink) {
        int rcptEnd = indexOf(b, msg + 4, to, (byte) '>');
        int status = indexOf(b, msg, to, STATUS);
        if (rcptEnd < 0 || status < 0) {
            return Kind.MALFORMED;
        }
        int word = status + STATUS.length;
        int wordEnd = word;
        while (wordEnd < to && b[wordEnd] >= 'a' && b[wordEnd] <= 'z') {
            wordEnd++;
        }
        Outcome outcome = switch (wordEnd - word) {
            case 4 -> startsWith(b, word, to, "sent") ? Outcome.SENT : null;
            case 7 -> startsWith(b, word, to, "bounced") ? Outcome.BOUNCED : null;
            case 8 -> startsWith(b, word, to, "deferred") ? Outcome.DEFERRED : null;
            default -> null;
        };
        if (outcome == null) {
            return Kind.MALFORMED; // cut short, or a status we do not count (e.g. "undeliverable" of a probe)
        }
        String reply = "";
        if (wordEnd < to) {
            if (wordEnd + 2 > to || b[wordEnd] != ' ' || b[wordEnd + 1] != '(' || b[to - 1] != ')') {
                return Kind.MALFORMED;
            }
            reply = utf8(b, wordEnd + 2, to - 1 - wordEnd - 2);
        }
        String relay = field(b, rcptEnd, status, RELAY);
        String dsn = field(b, rcptEnd, status, DSN);
        String delay = field(b, rcptEnd, status, DELAY);
        String queueId = ascii(b, idFrom, idLen);
        String sender = pending.get(queueId);
        sink.accept(new Delivery(SyslogTime.instant(epoch), queueId, sender == null ? "" : sender,
                utf8(b, msg + 4, rcptEnd - msg - 4), relay.isEmpty() ? "none" : relay, outcome, dsn, reply,
                parseDelay(delay)));
        return Kind.DELIVERY;
    }

    /** Whether the sender of {@code queueId} is known (it may be a bounce: empty text). */
    boolean knowsSender(String queueId) {
        return pending.get(queueId) != null;
    }

    private static String field(byte[] b, int from, int to, byte[] name) {
        int at = indexOf(b, from, to, name);
        if (at < 0) {
            return "";
        }
        int start = at + name.length;
        int end = start;
        while (end < to && b[end] != ',') {
            end++;
        }
        return ascii(b, start, end - start);
    }

    private static double parseDelay(String s) {
        try {
            return s.isEmpty() ? 0 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isLocalDelivery(byte[] b, int from, int to) {
        return equals(b, from, to, "local") || equals(b, from, to, "virtual") || equals(b, from, to, "lmtp")
                || equals(b, from, to, "pipe") || equals(b, from, to, "discard");
    }

    private static boolean equals(byte[] b, int from, int to, String s) {
        return to - from == s.length() && startsWith(b, from, to, s);
    }

    private static boolean isIdChar(byte c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    static boolean startsWith(byte[] b, int at, int to, String s) {
        if (to - at < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, int from, int to, byte[] pat) {
        byte first = pat[0];
        int last = to - pat.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (b[i] != first) {
                continue;
            }
            for (int k = 1; k < pat.length; k++) {
                if (b[i + k] != pat[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String ascii(byte[] b, int from, int len) {
        return new String(b, from, len, StandardCharsets.ISO_8859_1);
    }

    private static String utf8(byte[] b, int from, int len) {
        return new String(b, from, Math.max(0, len), StandardCharsets.UTF_8);
    }

    static Instant at(long epoch) {
        return Instant.ofEpochSecond(epoch);
    }
}
