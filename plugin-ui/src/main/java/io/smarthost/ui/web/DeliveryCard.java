package io.smarthost.ui.web;

import io.smarthost.core.delivery.DeliveryRuntime;
import io.smarthost.core.delivery.DeliveryStatus;
import io.smarthost.core.delivery.DeliveryTracker;
import io.smarthost.ui.delivery.DeliveryJson;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The "Delivery" card of the server and domain pages ({@code templates/delivery.ftlh}): what the mail server's
 * log and queue say about this relay, the last error explained, a 24-hour chart drawn on the server as SVG with a
 * table as its text alternative, and "Retry now" for admins. A customer's domain page shows only that domain's
 * mail ({@link DeliveryTracker#domain}); the server's figures are on the admin's server page only. Every key is
 * always present (the host's View refuses nulls).
 */
final class DeliveryCard {
    static final int CHART_W = 480;
    static final int CHART_H = 120;

    private final PageRuntime rt;

    DeliveryCard(PageRuntime rt) {
        this.rt = rt;
    }

    Map<String, Object> model(RelayTarget t) {
        Map<String, Object> m = new HashMap<>();
        DeliveryTracker tracker = DeliveryRuntime.tracker(rt.host());
        DeliveryStatus s = t.domain().map(tracker::domain).orElseGet(tracker::server);
        Instant now = Instant.now();
        DeliveryJson j = DeliveryJson.of(s, rt.service().effectiveFor(t.domain().orElse("")).relay(), rt.locale(),
                t.admin(), now);
        m.put("available", j.available());
        m.put("admin", t.admin());
        m.put("state", j.state());
        m.put("failing", j.failing());
        m.put("via", j.via());
        m.put("lastRelay", j.lastRelay());
        m.put("lastSent", j.lastSent() == null ? "" : time(Instant.parse(j.lastSent())));
        m.put("rows", List.of(row("smarthost.delivery.lastHour", j.lastHour()), row("smarthost.delivery.last24h", j.last24h()),
                row("smarthost.delivery.last7d", j.last7d())));
        Map<String, Object> error = new HashMap<>();
        if (j.lastError() != null) {
            DeliveryJson.LastError e = j.lastError();
            error.put("time", time(Instant.parse(e.time())));
            error.put("outcome", e.outcome());
            error.put("code", e.replyCode() > 0 ? String.valueOf(e.replyCode()) : "");
            error.put("dsn", e.dsn());
            error.put("reply", e.reply());
            error.put("relay", e.relay());
            error.put("meaning", e.meaning());
            error.put("advice", e.advice());
            error.put("queueId", e.queueId());
        }
        m.put("error", error);
        DeliveryJson.Queue q = j.queue();
        m.put("queueCount", q.count());
        m.put("queueOldest", q.oldest() == null ? "" : time(Instant.parse(q.oldest())));
        m.put("queueAge", Duration.ofSeconds(q.oldestAgeSeconds()).toMinutes());
        m.put("queueReason", q.lastReason());
        m.put("queueIds", q.ids());
        m.put("source", j.source() == null ? "" : j.source());
        m.put("problem", j.problem() == null ? "" : j.problem());
        m.put("readUpTo", j.readUpTo() == null ? "" : time(Instant.parse(j.readUpTo())));
        m.put("chart", chart(j.hourly(), now));
        m.put("senderNote", t.domain().map(this::senderNote).orElse(""));
        return m;
    }

    /**
     * On a domain's card: which of its addresses have a relay of their own, whose mail is not counted here (at most
     * five named); empty when none has.
     */
    private String senderNote(String domain) {
        List<String> own = rt.service().sendersWithOwnRelay(domain).stream().sorted().toList();
        if (own.isEmpty()) {
            return "";
        }
        String named = own.stream().limit(5).map(a -> io.smarthost.core.relay.SenderAddress.parse(a).display())
                .collect(java.util.stream.Collectors.joining(", ")) + (own.size() > 5 ? ", …" : "");
        // alice+news@example.com leaves through alice@example.com's relay (recipient_delimiter) and counts there too
        io.smarthost.core.backend.AddressExtensions ext = rt.service().addressExtensions();
        for (String a : own) {
            String withExtension = ext.any() ? a.replaceFirst("@", java.util.regex.Matcher.quoteReplacement(
                    ext.delimiters().charAt(0) + "news@")) : a;
            if (ext.base(withExtension).filter(a::equals).isPresent()) {
                int at = withExtension.lastIndexOf('@');
                String example = withExtension.substring(0, at + 1)
                        + io.smarthost.core.relay.HostSyntax.toUnicode(withExtension.substring(at + 1));
                return rt.text("smarthost.delivery.text.domainSendersExtension", named, example);
            }
        }
        return rt.text("smarthost.delivery.text.domainSenders", named);
    }

    /** The stored figures of a page's domains, read together ({@link #listCells}). */
    static Map<String, io.smarthost.core.delivery.ScopeStats> listStats(PageRuntime rt, java.util.Collection<String> domains) {
        return DeliveryRuntime.tracker(rt.host()).stats(domains);
    }

    /**
     * The Smarthosts list's delivery columns for one domain: sent in 24 hours, waiting now, last error (code and
     * meaning), from the stored figures ({@link #listStats}, empty when nothing was seen) and the last look at the
     * queue (no log, no command per row).
     */
    static Map<String, Object> listCells(PageRuntime rt, String domain, java.util.Optional<io.smarthost.core.delivery.ScopeStats> stats) {
        DeliveryTracker tracker = DeliveryRuntime.tracker(rt.host());
        return cells(rt, tracker, tracker.waiting(domain), stats);
    }

    /** The same cells for one sender address's own relay (a domain page's list of addresses with a relay). */
    static Map<String, Object> senderCells(PageRuntime rt, String address, java.util.Optional<io.smarthost.core.delivery.ScopeStats> stats) {
        DeliveryTracker tracker = DeliveryRuntime.tracker(rt.host());
        return cells(rt, tracker, tracker.waitingForSender(address), stats);
    }

    private static Map<String, Object> cells(PageRuntime rt, DeliveryTracker tracker, int waiting,
                                             java.util.Optional<io.smarthost.core.delivery.ScopeStats> stats) {
        Map<String, Object> m = new HashMap<>();
        m.put("available", tracker.available());
        Instant now = Instant.now();
        m.put("sent24h", stats.map(st -> st.window(now, 24).sent()).orElse(0));
        m.put("waiting", waiting);
        m.put("failing", stats.map(st -> st.failing()).orElse(false));
        var error = stats.flatMap(st -> st.lastError());
        m.put("errorCode", error.map(e -> e.replyCode() > 0 ? String.valueOf(e.replyCode()) : e.dsn()).orElse(""));
        m.put("errorText", error.map(e -> io.smarthost.core.delivery.ReplyAdvice.explain(e.reply(), e.dsn(), rt.locale())
                .meaning()).orElse(""));
        return m;
    }

    private Map<String, Object> row(String key, DeliveryJson.Counts c) {
        return Map.of("label", rt.text(key), "sent", c.sent(), "deferred", c.deferred(), "bounced", c.bounced());
    }

    /** Stacked bars (sent, deferred, bounced) per hour, scaled to the busiest hour; the table says the same in text. */
    private Map<String, Object> chart(List<DeliveryJson.Counts> hours, Instant now) {
        int max = 1;
        for (DeliveryJson.Counts c : hours) {
            max = Math.max(max, c.sent() + c.deferred() + c.bounced());
        }
        int n = Math.max(1, hours.size());
        int slot = CHART_W / n;
        List<Map<String, Object>> bars = new ArrayList<>();
        DateTimeFormatter hour = DateTimeFormatter.ofPattern("HH:00").withZone(ZoneId.systemDefault());
        for (int i = 0; i < hours.size(); i++) {
            DeliveryJson.Counts c = hours.get(i);
            int hs = CHART_H * c.sent() / max;
            int hd = CHART_H * c.deferred() / max;
            int hb = CHART_H * c.bounced() / max;
            Map<String, Object> b = new HashMap<>();
            b.put("x", i * slot + 1);
            b.put("w", Math.max(1, slot - 2));
            b.put("ySent", CHART_H - hs);
            b.put("hSent", hs);
            b.put("yDeferred", CHART_H - hs - hd);
            b.put("hDeferred", hd);
            b.put("yBounced", CHART_H - hs - hd - hb);
            b.put("hBounced", hb);
            b.put("hour", hour.format(now.minus(Duration.ofHours(hours.size() - 1 - i))));
            b.put("sent", c.sent());
            b.put("deferred", c.deferred());
            b.put("bounced", c.bounced());
            b.put("any", c.sent() + c.deferred() + c.bounced() > 0);
            bars.add(b);
        }
        return Map.of("bars", bars, "width", CHART_W, "height", CHART_H, "max", max);
    }

    private String time(Instant instant) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(rt.locale())
                .withZone(ZoneId.systemDefault()).format(instant);
    }
}
