package io.smarthost.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the log said about one scope (the server-wide relay, one domain): sent, deferred and bounced per hour
 * for the last 7 days in a ring of 168 slots, the last error, the last success and the relay last reached.
 * Stored as one small JSON value per scope; mutable, guarded by its {@link DeliveryTracker}.
 *
 * <p>Hysteresis: {@link #failingNow()} follows every attempt, {@link #failing()} (what the pages, the banner, the
 * action log and the CLI's exit code use) follows it only once a flip is stable ({@link #settle}): two attempts in a
 * row agree, or the new state held for {@link #STABLE} without a contrary attempt. One transient deferral among
 * messages that go out does not make the relay "failing" and then "recovered".
 */
public final class ScopeStats {
    /** How many hours are kept: 7 days. */
    public static final int HOURS = 168;
    /** How long a flipped state must hold, with no attempt saying otherwise, before it is announced. */
    public static final Duration STABLE = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    // Only the hours that saw an attempt (a domain sending a few messages a day has a few): 100,000 scopes with a
    // full ring of 168 slots each held 700 MB and ran the panel's reader out of heap (DeliveryPagesBenchmark).
    private long[] slotHour = new long[0];
    private int[] counts = new int[0];
    private int used;
    private Instant lastEvent;
    private Instant lastSent;
    private Outcome lastOutcome;
    private LastError lastError;
    private String lastRelay = "";
    private String via = "";
    /** The failing state last announced (action log, banner, CLI exit): changes only once a flip is stable. */
    private boolean announced;
    /** Attempts in a row whose outcome gave the current raw state ({@link #failingNow()}), and since when it holds. */
    private int streak;
    private Instant rawSince;

    /**
     * The last failure.
     *
     * @param time    when it was logged
     * @param outcome deferred or bounced
     * @param dsn     enhanced status code
     * @param reply   the reply or reason as logged
     * @param relay   the next hop reached, {@code none} when none was
     * @param queueId the message's queue id
     */
    public record LastError(Instant time, Outcome outcome, String dsn, String reply, String relay, String queueId) {
        public int replyCode() {
            return ReplyCodes.code(reply);
        }
    }

    /** Sent, deferred and bounced attempts in a period. */
    public record Counts(int sent, int deferred, int bounced) {
        public int total() {
            return sent + deferred + bounced;
        }
    }

    public ScopeStats() {
    }

    /** The index of {@code hour}'s counts, made (after dropping hours older than 7 days before {@code nowHour}) when absent. */
    private int slot(long hour, long nowHour) {
        for (int i = 0; i < used; i++) {
            if (slotHour[i] == hour) {
                return i;
            }
        }
        int kept = 0;
        for (int i = 0; i < used; i++) {
            if (slotHour[i] > nowHour - HOURS) {
                slotHour[kept] = slotHour[i];
                System.arraycopy(counts, 3 * i, counts, 3 * kept, 3);
                kept++;
            }
        }
        used = kept;
        if (used == slotHour.length) {
            int size = Math.max(2, used * 2);
            slotHour = Arrays.copyOf(slotHour, size);
            counts = Arrays.copyOf(counts, 3 * size);
        }
        slotHour[used] = hour;
        counts[3 * used] = counts[3 * used + 1] = counts[3 * used + 2] = 0;
        return used++;
    }

    /**
     * Counts {@code d}, attributed through {@code via} ({@code domain}, {@code alias}, {@code server},
     * {@code direct}). Attempts older than 7 days before {@code now} only move the last-event facts.
     *
     * @return whether the scope is failing after this attempt
     */
    public boolean add(Delivery d, String via, Instant now) {
        boolean before = failingNow();
        boolean latest = lastEvent == null || !d.time().isBefore(lastEvent);
        long hour = d.time().getEpochSecond() / 3600;
        long nowHour = now.getEpochSecond() / 3600;
        if (hour > nowHour - HOURS && hour <= nowHour + 1) {
            int at = slot(hour, nowHour); // before reading the field: slot() may grow the array
            counts[3 * at + d.outcome().ordinal()]++;
        }
        if (lastEvent == null || !d.time().isBefore(lastEvent)) {
            lastEvent = d.time();
            lastOutcome = d.outcome();
            lastRelay = d.relay();
            this.via = via;
        }
        if (d.outcome() == Outcome.SENT) {
            if (lastSent == null || d.time().isAfter(lastSent)) {
                lastSent = d.time();
            }
        } else if (lastError == null || !d.time().isBefore(lastError.time())) {
            lastError = new LastError(d.time(), d.outcome(), d.dsn(), d.reply(), d.relay(), d.queueId());
        }
        if (latest) {
            boolean after = failingNow();
            if (after == before && streak > 0) {
                streak++;
            } else {
                streak = 1;
                rawSince = d.time();
            }
        }
        return failingNow();
    }

    /**
     * Announces the raw state ({@link #failingNow()}) when it differs from the announced one and is stable: two
     * attempts in a row gave it, or it has held for {@link #STABLE} at {@code now}.
     *
     * @return whether the announced state ({@link #failing()}) changed
     */
    public boolean settle(Instant now) {
        boolean raw = failingNow();
        if (raw == announced) {
            return false;
        }
        boolean stable = streak >= 2 || rawSince == null || !rawSince.isAfter(now.minus(STABLE));
        if (stable) {
            announced = raw;
        }
        return stable;
    }

    /** Whether the raw state differs from the announced one (a {@link #settle} later may announce it). */
    public boolean unsettled() {
        return failingNow() != announced;
    }

    /** The announced state: failing once {@link #failingNow()} was stable (see {@link #settle}). */
    public boolean failing() {
        return announced;
    }

    /**
     * Whether the last attempt failed because of the relay: deferred, or bounced for another reason than an
     * unknown recipient (which says nothing about the relay).
     */
    public boolean failingNow() {
        if (lastOutcome == null || lastOutcome == Outcome.SENT || lastError == null) {
            return false;
        }
        if (lastOutcome == Outcome.BOUNCED) {
            return !ReplyAdvice.kind(lastError.reply(), lastError.dsn()).equals("recipient-unknown");
        }
        return true;
    }

    /** The attempts of the last {@code hours} hours before {@code now} (the current hour included). */
    public Counts window(Instant now, int hours) {
        long nowHour = now.getEpochSecond() / 3600;
        int s = 0;
        int f = 0;
        int b = 0;
        for (int i = 0; i < used; i++) {
            long h = slotHour[i];
            if (h > nowHour - hours && h <= nowHour) {
                s += counts[3 * i];
                f += counts[3 * i + 1];
                b += counts[3 * i + 2];
            }
        }
        return new Counts(s, f, b);
    }

    /** One {@link Counts} per hour for the last {@code hours} hours, oldest first, the current hour last. */
    public Counts[] hourly(Instant now, int hours) {
        long nowHour = now.getEpochSecond() / 3600;
        Counts[] out = new Counts[hours];
        Arrays.fill(out, new Counts(0, 0, 0));
        long first = nowHour - hours + 1;
        for (int i = 0; i < used; i++) {
            long h = slotHour[i];
            if (h >= first && h <= nowHour) {
                out[(int) (h - first)] = new Counts(counts[3 * i], counts[3 * i + 1], counts[3 * i + 2]);
            }
        }
        return out;
    }

    public Optional<LastError> lastError() {
        return Optional.ofNullable(lastError);
    }

    public Optional<Instant> lastSent() {
        return Optional.ofNullable(lastSent);
    }

    public Optional<Instant> lastEvent() {
        return Optional.ofNullable(lastEvent);
    }

    /** The next hop of the last attempt as logged. */
    public String lastRelay() {
        return lastRelay;
    }

    /** Which settings applied to the last attempt: {@code sender}, {@code domain}, {@code alias}, {@code server} or {@code direct}. */
    public String via() {
        return via;
    }

    /** Whether nothing older than {@code age} is kept (an empty scope may be dropped from the store). */
    public boolean emptySince(Instant now, Duration age) {
        return lastEvent == null || lastEvent.isBefore(now.minus(age));
    }

    /** A copy to change while readers keep this one (the tracker publishes copies, never changes a published one). */
    public ScopeStats copy() {
        ScopeStats c = new ScopeStats();
        c.slotHour = Arrays.copyOf(slotHour, used);
        c.counts = Arrays.copyOf(counts, 3 * used);
        c.used = used;
        c.lastEvent = lastEvent;
        c.lastSent = lastSent;
        c.lastOutcome = lastOutcome;
        c.lastError = lastError;
        c.lastRelay = lastRelay;
        c.via = via;
        c.announced = announced;
        c.streak = streak;
        c.rawSince = rawSince;
        return c;
    }

    /** Compact JSON, written by hand (the tracker writes one per active scope and commit). */
    public String toJson() {
        StringBuilder o = new StringBuilder(128).append("{\"h\":[");
        boolean first = true;
        for (int i = 0; i < used; i++) {
            o.append(first ? "" : ",").append('[').append(slotHour[i]).append(',').append(counts[3 * i]).append(',')
                    .append(counts[3 * i + 1]).append(',').append(counts[3 * i + 2]).append(']');
            first = false;
        }
        o.append(']');
        if (lastEvent != null) {
            o.append(",\"le\":").append(lastEvent.toEpochMilli()).append(",\"lo\":\"").append(lastOutcome.name())
                    .append("\",\"lr\":").append(quote(lastRelay)).append(",\"via\":").append(quote(via));
        }
        if (lastSent != null) {
            o.append(",\"ls\":").append(lastSent.toEpochMilli());
        }
        o.append(",\"an\":").append(announced).append(",\"sk\":").append(streak);
        if (rawSince != null) {
            o.append(",\"rs\":").append(rawSince.toEpochMilli());
        }
        if (lastError != null) {
            o.append(",\"err\":{\"t\":").append(lastError.time().toEpochMilli()).append(",\"o\":\"")
                    .append(lastError.outcome().name()).append("\",\"dsn\":").append(quote(lastError.dsn()))
                    .append(",\"r\":").append(quote(lastError.reply())).append(",\"relay\":").append(quote(lastError.relay()))
                    .append(",\"q\":").append(quote(lastError.queueId())).append('}');
        }
        return o.append('}').toString();
    }

    private static String quote(String text) {
        return "\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /** Reads {@link #toJson()}; unreadable text gives an empty scope (counting starts again). */
    public static ScopeStats fromJson(String text) {
        ScopeStats s = new ScopeStats();
        try {
            JsonNode o = JSON.readTree(text);
            for (JsonNode row : o.path("h")) {
                long hour = row.get(0).asLong();
                int slot = s.slot(hour, Long.MIN_VALUE / 2); // keeps every stored hour (window() looks at the range)
                for (int k = 0; k < 3; k++) {
                    s.counts[3 * slot + k] = row.get(k + 1).asInt();
                }
            }
            if (o.has("le")) {
                s.lastEvent = Instant.ofEpochMilli(o.get("le").asLong());
                s.lastOutcome = Outcome.valueOf(o.get("lo").asText());
                s.lastRelay = o.path("lr").asText("");
                s.via = o.path("via").asText("");
            }
            if (o.has("ls")) {
                s.lastSent = Instant.ofEpochMilli(o.get("ls").asLong());
            }
            JsonNode e = o.get("err");
            if (e != null) {
                s.lastError = new LastError(Instant.ofEpochMilli(e.get("t").asLong()), Outcome.valueOf(e.get("o").asText()),
                        e.path("dsn").asText(""), e.path("r").asText(""), e.path("relay").asText(""), e.path("q").asText(""));
            }
            // figures stored before the hysteresis: what they showed is what was announced
            s.announced = o.has("an") ? o.get("an").asBoolean() : s.failingNow();
            s.streak = o.path("sk").asInt(0);
            s.rawSince = o.has("rs") ? Instant.ofEpochMilli(o.get("rs").asLong()) : null;
        } catch (Exception e) {
            return new ScopeStats();
        }
        return s;
    }
}
