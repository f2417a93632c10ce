package io.smarthost.ui.delivery;

import io.smarthost.core.delivery.DeliveryStatus;
import io.smarthost.core.delivery.QueueSummary;
import io.smarthost.core.delivery.ReplyAdvice;
import io.smarthost.core.delivery.ScopeStats;
import io.smarthost.core.relay.Relay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Delivery status as the REST API ({@code GET .../server/status}, {@code .../domains/D/status}) and
 * {@code panel bin smarthost --status -json} give it: one shape for both. Reply texts are masked for the relay's
 * password (a relay may echo what it received); the log's location and read problems are for admins only.
 *
 * @param scope        {@code server}, the domain name, or the sender address ({@code local@domain})
 * @param available    false when the mail server cannot report ("not available with this mail server")
 * @param state        {@code OK}, {@code FAILING}, {@code IDLE} or {@code UNAVAILABLE}
 * @param failing      whether the relay is failing (the CLI exits 1)
 * @param lastHour     sent, deferred, bounced attempts in the last hour
 * @param last24h      the same for 24 hours
 * @param last7d       the same for 7 days
 * @param hourly       the last 24 hours, oldest first
 * @param lastError    the last failure explained, or null
 * @param lastSent     when mail last went out (ISO-8601), or null
 * @param lastRelay    the next hop the last attempt reached, as logged
 * @param via          which settings applied: {@code sender} (an address's own relay), {@code domain},
 *                     {@code alias}, {@code server}, {@code direct}
 * @param queue        what waits in the queue
 * @param source       where the log is read (admins), else null
 * @param readUpTo     when the log was last read to its end, or null
 * @param problem      why the log or queue could not be read (admins), else null
 */
public record DeliveryJson(String scope, boolean available, String state, boolean failing, Counts lastHour,
                           Counts last24h, Counts last7d, List<Counts> hourly, LastError lastError, String lastSent,
                           String lastRelay, String via, Queue queue, String source, String readUpTo, String problem) {

    public record Counts(int sent, int deferred, int bounced) {
        static Counts of(ScopeStats.Counts c) {
            return new Counts(c.sent(), c.deferred(), c.bounced());
        }
    }

    /**
     * @param time      when (ISO-8601)
     * @param outcome   {@code DEFERRED} or {@code BOUNCED}
     * @param replyCode the SMTP reply code, 0 when the relay gave none (no connection, TLS failure)
     * @param dsn       the enhanced status code
     * @param reply     the reply or reason as logged (masked)
     * @param relay     the next hop reached, {@code none} when none was
     * @param queueId   the message's queue id
     * @param kind      what went wrong ({@code auth-failed}, {@code timeout}, ...)
     * @param meaning   what it means, in the caller's language
     * @param advice    what to do, in the caller's language
     */
    public record LastError(String time, String outcome, int replyCode, String dsn, String reply, String relay,
                            String queueId, String kind, String meaning, String advice) {
    }

    /**
     * @param count            messages waiting
     * @param oldest           arrival of the oldest (ISO-8601), or null
     * @param oldestAgeSeconds its age in seconds, 0 when none waits
     * @param lastReason       why the newest deferred one waits (masked)
     * @param ids              queue ids, oldest first (at most 20)
     */
    public record Queue(int count, String oldest, long oldestAgeSeconds, String lastReason, List<String> ids) {
    }

    /**
     * @param relay the relay whose password is masked out of replies (the scope's relay now), if any
     */
    public static DeliveryJson of(DeliveryStatus s, Optional<Relay> relay, Locale locale, boolean admin, Instant now) {
        // a customer whose mail went through the server-wide relay is not told that relay's address (as for its
        // settings): host names with their address are replaced in what is shown
        boolean hideHosts = !admin && !s.via().equals("domain") && !s.via().equals("alias") && !s.via().equals("sender");
        Mask mask = new Mask(relay, hideHosts);
        LastError error = s.lastError().map(e -> {
            ReplyAdvice a = ReplyAdvice.explain(e.reply(), e.dsn(), locale);
            return new LastError(e.time().toString(), e.outcome().name(), e.replyCode(), e.dsn(), mask.apply(e.reply()),
                    mask.apply(e.relay()), e.queueId(), a.kind(), a.meaning(), a.advice());
        }).orElse(null);
        QueueSummary q = s.queue();
        Queue queue = new Queue(q.count(), q.oldest().map(Instant::toString).orElse(null),
                q.oldest().map(t -> Math.max(0, Duration.between(t, now).getSeconds())).orElse(0L),
                mask.apply(q.lastReason()), q.ids());
        return new DeliveryJson(s.scope(), s.available(), s.state().name(), s.failing(), Counts.of(s.lastHour()),
                Counts.of(s.last24h()), Counts.of(s.last7d()), s.hourly().stream().map(Counts::of).toList(), error,
                s.lastSent().map(Instant::toString).orElse(null), mask.apply(s.lastRelay()), s.via(), queue,
                admin ? s.source() : null, s.readUpTo().map(Instant::toString).orElse(null),
                admin && !s.problem().isEmpty() ? s.problem() : null);
    }

    /** The relay's password in clear and in the base64 forms AUTH sends it, replaced by {@code ******}. */
    public static final class Mask {
        private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
                "[A-Za-z0-9._-]+\\[[0-9A-Fa-f:.]+\\](?::\\d+)?");
        private final List<String> forms;
        private final boolean hideHosts;

        public Mask(Optional<Relay> relay) {
            this(relay, false);
        }

        Mask(Optional<Relay> relay, boolean hideHosts) {
            this.hideHosts = hideHosts;
            this.forms = relay.flatMap(Relay::credentials).map(c -> {
                String secret = c.secret().reveal();
                if (secret.isEmpty()) {
                    return List.<String>of();
                }
                Base64.Encoder b64 = Base64.getEncoder();
                return List.of(b64.encodeToString(("\0" + c.username() + "\0" + secret).getBytes(StandardCharsets.UTF_8)),
                        b64.encodeToString(secret.getBytes(StandardCharsets.UTF_8)), secret);
            }).orElse(List.of());
        }

        public String apply(String text) {
            String out = text == null ? "" : text;
            for (String f : forms) {
                out = out.replace(f, "******");
            }
            return hideHosts ? HOST.matcher(out).replaceAll("(relay)") : out;
        }
    }
}
