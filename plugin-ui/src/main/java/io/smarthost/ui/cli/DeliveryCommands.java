package io.smarthost.ui.cli;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.delivery.DeliveryRuntime;
import io.smarthost.core.delivery.DeliveryStatus;
import io.smarthost.core.delivery.DeliveryTracker;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.delivery.DeliveryJson;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code panel bin smarthost --status [-domain D | -sender ADDRESS] [-json]} and {@code --retry [-queue-id ID]}. The status first
 * reads what the log gained since the panel (or the last command) read it, under the same store lock, so
 * nothing is counted twice; it exits 1 when the relay is failing, for monitoring systems.
 */
final class DeliveryCommands {
    private final HostServices host;
    private final CliInvocation inv;

    DeliveryCommands(HostServices host, CliInvocation inv) {
        this.host = host;
        this.inv = inv;
    }

    int status(CliArgs a) {
        DeliveryTracker tracker = DeliveryRuntime.tracker(host);
        if (a.option("sender").isPresent()) {
            if (a.option("domain").isPresent()) {
                throw new CliUsageException("--status takes -domain D or -sender ADDRESS, not both");
            }
            return senderStatus(a, tracker, a.option("sender").get());
        }
        Optional<String> typed = a.option("domain");
        String name = typed.map(d -> host.domains().find(d).map(Domain::name)
                .orElseThrow(() -> new CliUsageException("no domain " + d + " in the panel (panel bin domain --list)")))
                .orElse("");
        tracker.poll();
        tracker.refreshQueue();
        DeliveryStatus s = name.isEmpty() ? tracker.server() : tracker.domain(name);
        DeliveryJson j = DeliveryJson.of(s, SmarthostRuntime.service(host).effectiveFor(name).relay(), Locale.ENGLISH,
                true, Instant.now());
        if (a.flag("json")) {
            new CliPrinter(inv.out()).json(j);
        } else {
            print(j, inv.out());
        }
        return j.failing() ? CliArgs.FAILURE : CliArgs.OK;
    }

    /**
     * {@code --status -sender ADDRESS}: the mail of one address through its own relay (per-sender relays), or through
     * the relay of the address without its extension, which the mail server sends it through; exit 2 when neither
     * is on.
     */
    private int senderStatus(CliArgs a, DeliveryTracker tracker, String typed) {
        io.smarthost.core.relay.SenderAddress address;
        try {
            address = io.smarthost.core.relay.SenderAddress.parse(typed);
        } catch (io.smarthost.core.relay.SenderAddress.InvalidException e) {
            throw new CliUsageException("-sender: '" + typed.strip() + "' is not a sender address");
        }
        var service = SmarthostRuntime.service(host);
        // the same answer as GET .../senders/ADDRESS/status: whose own relay carries it, or why none does
        io.smarthost.ui.delivery.SenderScope scope = io.smarthost.ui.delivery.SenderScope.of(service, address);
        if (scope.relayOf().isEmpty()) {
            throw new CliUsageException(scope.note() + " (panel bin smarthost --status -domain " + address.domain() + ")");
        }
        String key = scope.relayOf().get();
        tracker.poll();
        tracker.refreshQueue();
        DeliveryJson j = DeliveryJson.of(tracker.sender(key), service.senderRelay(key), Locale.ENGLISH, true,
                Instant.now());
        if (a.flag("json")) {
            new CliPrinter(inv.out()).json(j);
        } else {
            if (!scope.note().isEmpty()) {
                inv.out().println(scope.note() + ".");
            }
            print(j, inv.out());
        }
        return j.failing() ? CliArgs.FAILURE : CliArgs.OK;
    }

    int retry(CliArgs a) {
        Optional<String> id = a.option("queue-id");
        try {
            DeliveryRuntime.tracker(host).retry(id);
        } catch (IllegalArgumentException e) {
            throw new CliUsageException(e.getMessage().replaceFirst("^queueId", "-queue-id"));
        } catch (BackendException e) {
            inv.err().println("smarthost: " + e.getMessage());
            return CliArgs.FAILURE;
        }
        host.actionLog().record("smarthost.queue.retried", id.orElse("all"), Map.of());
        inv.out().println(id.map(i -> "Asked the mail server to deliver " + i + " now.")
                .orElse("Asked the mail server to retry all deferred mail now."));
        return CliArgs.OK;
    }

    /**
     * {@code --send-test -via-mta}: the message goes to the mail server (Postfix: its sendmail), which routes it
     * as any mail of the sender's domain; the log says what the relay answered. Exit 0 when sent.
     */
    int sendViaMta(CliArgs a) {
        String to = a.option("to").orElseThrow(() -> new CliUsageException("--send-test needs -to ADDRESS"));
        Optional<String> domain = a.option("domain").map(d -> host.domains().find(d).map(Domain::name)
                .orElseThrow(() -> new CliUsageException("no domain " + d + " in the panel (panel bin domain --list)")));
        String from = a.option("from").or(() -> domain.map(d -> "postmaster@" + d)).orElseThrow(() ->
                new CliUsageException("--send-test -via-mta needs -from ADDRESS (or -domain D: postmaster@D)"));
        var backend = SmarthostRuntime.selection(host).backend();
        var reporting = backend.flatMap(io.smarthost.core.backend.MailBackend::deliveryReporting);
        if (reporting.isEmpty()) {
            inv.err().println("smarthost: a test through the mail server is not available with this mail server");
            return CliArgs.FAILURE;
        }
        io.smarthost.core.delivery.MtaTestResult r;
        try {
            r = reporting.get().sendThrough(from, to, Duration.ofSeconds(30));
        } catch (IllegalArgumentException e) {
            throw new CliUsageException("-" + e.getMessage());
        } catch (BackendException e) {
            inv.err().println("smarthost: " + e.getMessage());
            return CliArgs.FAILURE;
        }
        String senderDomain = from.substring(from.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        DeliveryJson.Mask mask = new DeliveryJson.Mask(SmarthostRuntime.service(host).effectiveFor(senderDomain).relay());
        var d = r.delivery();
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("queueId", r.queueId());
        out.put("outcome", d.map(x -> x.outcome().name()).orElse("WAITING"));
        out.put("relay", d.map(x -> x.relay()).orElse(""));
        out.put("replyCode", d.map(x -> x.replyCode()).orElse(0));
        out.put("dsn", d.map(x -> x.dsn()).orElse(""));
        out.put("reply", d.map(x -> mask.apply(x.reply())).orElse(""));
        out.put("delaySeconds", d.map(x -> x.delaySeconds()).orElse(0.0));
        out.put("waitedMs", r.waitedMs());
        var advice = d.filter(x -> x.outcome() != io.smarthost.core.delivery.Outcome.SENT)
                .map(x -> io.smarthost.core.delivery.ReplyAdvice.explain(x.reply(), x.dsn(), Locale.ENGLISH));
        out.put("meaning", advice.map(io.smarthost.core.delivery.ReplyAdvice::meaning).orElse(""));
        out.put("advice", advice.map(io.smarthost.core.delivery.ReplyAdvice::advice).orElse(""));
        if (a.flag("json")) {
            new CliPrinter(inv.out()).json(out);
        } else if (d.isEmpty()) {
            inv.out().println("Handed to the mail server" + (r.queueId().isEmpty() ? "" : " as " + r.queueId())
                    + "; no delivery attempt logged within " + r.waitedMs() / 1000 + " s (see --status)");
        } else if (d.get().outcome() == io.smarthost.core.delivery.Outcome.SENT) {
            inv.out().println("Accepted by " + d.get().relay() + ": " + out.get("reply") + ", " + d.get().delaySeconds()
                    + " s (queue id " + r.queueId() + ")");
        } else {
            inv.out().println(d.get().outcome().name().toLowerCase(Locale.ROOT) + " by " + d.get().relay() + ": "
                    + out.get("reply") + " (queue id " + r.queueId() + ")");
            inv.out().println("  " + out.get("meaning") + " " + out.get("advice"));
        }
        return d.map(x -> x.outcome() == io.smarthost.core.delivery.Outcome.SENT).orElse(false) ? CliArgs.OK : CliArgs.FAILURE;
    }

    static void print(DeliveryJson j, PrintStream out) {
        String who = j.scope().equals("server") ? "Server-wide relay" : "Mail of " + j.scope()
                + (j.scope().indexOf('@') > 0 ? " through its own relay" : "");
        if (!j.available()) {
            out.println(who + ": delivery status is not available with this mail server");
            return;
        }
        out.println(who + ": " + j.state() + (j.via().isEmpty() ? "" : " (last through the " + j.via() + " settings"
                + (j.lastRelay().isEmpty() ? "" : ", reached " + j.lastRelay()) + ")"));
        out.println("  last hour: " + counts(j.lastHour()) + "; 24 h: " + counts(j.last24h()) + "; 7 days: "
                + counts(j.last7d()));
        if (j.lastSent() != null) {
            out.println("  last sent: " + j.lastSent());
        }
        if (j.lastError() != null) {
            DeliveryJson.LastError e = j.lastError();
            out.println("  last error: " + e.time() + " " + e.outcome().toLowerCase(Locale.ROOT)
                    + (e.replyCode() > 0 ? ", reply " + e.replyCode() : "") + (e.dsn().isEmpty() ? "" : " (" + e.dsn() + ")")
                    + ", relay " + e.relay() + ": " + e.reply());
            out.println("    " + e.meaning() + " " + e.advice());
        }
        DeliveryJson.Queue q = j.queue();
        out.println("  queue: " + q.count() + " waiting" + (q.count() == 0 ? "" : ", oldest "
                + Duration.ofSeconds(q.oldestAgeSeconds()).toMinutes() + " min" + (q.lastReason().isEmpty() ? ""
                : ", last reason: " + q.lastReason())));
        if (!q.ids().isEmpty()) {
            out.println("  queue ids: " + String.join(" ", q.ids()) + "  (retry: panel bin smarthost --retry -queue-id ID)");
        }
        out.println("  log: " + j.source() + (j.readUpTo() == null ? "" : ", read up to " + j.readUpTo()));
        if (j.problem() != null) {
            out.println("  problem: " + j.problem());
        }
    }

    private static String counts(DeliveryJson.Counts c) {
        return c.sent() + " sent, " + c.deferred() + " deferred, " + c.bounced() + " bounced";
    }
}
