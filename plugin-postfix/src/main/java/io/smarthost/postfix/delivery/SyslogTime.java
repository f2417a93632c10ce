package io.smarthost.postfix.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Reads the time at the start of a log line: the traditional syslog form {@code Dec  5 11:07:12} (Postfix's
 * own {@code maillog_file} writes {@code Dec 05 11:07:12}), which has no year and no zone (the year is the
 * one that puts the line at most two days in the future, the zone the server's), or RFC 3339
 * ({@code 2026-12-05T11:07:12.123456+00:00}, rsyslog's high-precision form). Remembers the last day, so a
 * line costs a few comparisons.
 */
final class SyslogTime {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private final Clock clock;
    private final ZoneId zone;
    private int cachedMonth = -1;
    private int cachedDay = -1;
    private long cachedDayStart;
    /** Where the timestamp ended (the index of the space after it) after a successful {@link #parse}. */
    int end;

    SyslogTime(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** Epoch seconds of the time at {@code b[from]}, or -1 when there is no readable time there. */
    long parse(byte[] b, int from, int to) {
        if (to - from < 16) {
            return -1;
        }
        byte first = b[from];
        if (first >= '0' && first <= '9') {
            return iso(b, from, to);
        }
        int month = month(b, from);
        if (month < 0 || b[from + 3] != ' ') {
            return -1;
        }
        int d1 = b[from + 4];
        int d2 = b[from + 5];
        int day = (d1 == ' ' ? 0 : digit(d1)) * 10 + digit(d2);
        if (d1 != ' ' && digit(d1) < 0 || digit(d2) < 0 || day < 1 || day > 31 || b[from + 6] != ' ') {
            return -1;
        }
        int h = two(b, from + 7);
        int m = two(b, from + 10);
        int s = two(b, from + 13);
        if (h < 0 || m < 0 || s < 0 || b[from + 9] != ':' || b[from + 12] != ':' || h > 23 || m > 59 || s > 60) {
            return -1;
        }
        int at = from + 15;
        if (at < to && b[at] == '.') { // fractions of a second, if any
            at++;
            while (at < to && b[at] >= '0' && b[at] <= '9') {
                at++;
            }
        }
        if (at >= to || b[at] != ' ') {
            return -1;
        }
        end = at;
        return dayStart(month, day) + h * 3600L + m * 60L + s;
    }

    private long dayStart(int month, int day) {
        if (month != cachedMonth || day != cachedDay) {
            LocalDate today = LocalDate.now(clock.withZone(zone));
            LocalDate date;
            try {
                date = LocalDate.of(today.getYear(), month + 1, day);
                if (date.isAfter(today.plusDays(2))) {
                    date = date.minusYears(1);
                }
            } catch (java.time.DateTimeException e) {
                date = LocalDate.of(today.getYear() - 1, month + 1, Math.min(day, 28)); // Feb 29 of a leap year
            }
            cachedDayStart = date.atStartOfDay(zone).toEpochSecond();
            cachedMonth = month;
            cachedDay = day;
        }
        return cachedDayStart;
    }

    private long iso(byte[] b, int from, int to) {
        int sp = from;
        while (sp < to && b[sp] != ' ') {
            sp++;
        }
        if (sp >= to || sp - from < 19 || b[from + 4] != '-' || b[from + 10] != 'T') {
            return -1;
        }
        try {
            String text = new String(b, from, sp - from, java.nio.charset.StandardCharsets.US_ASCII);
            end = sp;
            return OffsetDateTime.parse(text).toEpochSecond();
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    private static int month(byte[] b, int at) {
        for (int i = 0; i < 12; i++) {
            if (MONTHS.charAt(i * 3) == b[at] && MONTHS.charAt(i * 3 + 1) == b[at + 1] && MONTHS.charAt(i * 3 + 2) == b[at + 2]) {
                return i;
            }
        }
        return -1;
    }

    private static int two(byte[] b, int at) {
        int a = digit(b[at]);
        int c = digit(b[at + 1]);
        return a < 0 || c < 0 ? -1 : a * 10 + c;
    }

    private static int digit(int c) {
        return c >= '0' && c <= '9' ? c - '0' : -1;
    }

    static Instant instant(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds);
    }
}
