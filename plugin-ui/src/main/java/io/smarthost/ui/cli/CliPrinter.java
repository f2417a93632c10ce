package io.smarthost.ui.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.smarthost.core.check.CheckReport;
import io.smarthost.core.check.CheckStep;
import io.smarthost.ui.rest.ApiModel;
import io.smarthost.ui.rest.SpfSupport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Text and JSON output of {@code panel bin smarthost}. JSON uses the REST API's shapes. */
final class CliPrinter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;

    CliPrinter(PrintStream out) {
        this.out = out;
    }

    void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    void scope(ApiModel.Scope s) {
        out.println("Scope:           " + (s.domainDisplay().isEmpty() ? s.scope() : s.domainDisplay()));
        if (s.settings() == null) {
            out.println("Settings:        none saved");
        } else {
            relay("", s.settings());
        }
        out.println("Mail goes:       " + switch (s.effectiveLevel()) {
            case "DOMAIN" -> "through the domain's relay";
            case "SERVER" -> "through the server-wide relay" + (s.effective() == null ? "" : " " + s.effective().relay());
            default -> s.handRelay() != null
                    ? "through " + s.handRelay() + ", a relay set by hand in the mail server's configuration (not a panel setting)"
                    : "directly to the recipients' mail servers (no relay)";
        });
        if (s.lastCheck() != null) {
            out.println("Last check:      " + s.lastCheck().time() + " " + (s.lastCheck().ok() ? "OK" : "FAILED")
                    + " " + s.lastCheck().message() + " [" + s.lastCheck().code() + "]");
        }
    }

    private void relay(String indent, ApiModel.Relay r) {
        out.println(indent + "Enabled:         " + (r.enabled() ? "yes" : "no"));
        out.println(indent + "Relay:           " + (r.relay() == null ? "(no host)" : r.relay()));
        out.println(indent + "Encryption:      " + r.encryption() + (r.encryption().equals("none") ? ""
                : r.verifyCertificate() ? " (certificate verified)" : " (certificate not verified)"));
        out.println(indent + "Authentication:  " + (r.authentication() ? "yes, user " + r.username() + ", password "
                + (r.secretSet() ? "set" : "NOT set") : "no"));
        out.println(indent + "Provider:        " + r.provider());
        out.println(indent + "Updated:         " + r.updated());
    }

    void health(ApiModel.Health h) {
        if (h.agrees()) {
            out.println("Mail server:     does what the panel says (" + h.backend() + ", generation " + h.generation()
                    + "; " + h.checked().size() + " files and indexes compared in " + h.tookMs() + " ms)");
            return;
        }
        out.println("Mail server:     " + (h.supported() ? "DISAGREES with the panel (" + h.disagreements().size()
                + (h.disagreements().size() == 1 ? " difference listed" : " differences listed") + ")"
                : "cannot be compared with the panel") + "; store generation " + h.generation()
                + ", applied " + h.appliedGeneration());
        h.disagreements().forEach(d -> out.println("  " + (d.where().isEmpty() ? "" : d.where() + ": ") + d.what()));
    }

    void page(ApiModel.Page<ApiModel.Row> page) {
        out.printf("%-40s %-8s %-36s %-10s %s%n", "DOMAIN", "ENABLED", "RELAY", "ENCRYPTION", "LAST CHECK");
        for (ApiModel.Row r : page.items()) {
            out.printf("%-40s %-8s %-36s %-10s %s%n", r.domainDisplay(), r.settings().enabled() ? "yes" : "no",
                    r.settings().relay() == null ? "-" : r.settings().relay(), r.settings().encryption(),
                    r.lastCheck() == null ? "-" : (r.lastCheck().ok() ? "OK " : "FAILED ") + r.lastCheck().time());
        }
        out.println(page.items().size() + " shown of " + (page.totalExact() ? "" : "at least ") + page.total()
                + " (offset " + page.offset() + ")");
    }

    /** Scopes named after a change; a change of more names these and counts the rest. */
    static final int SCOPES_NAMED = 10;

    void update(ApiModel.Update u) {
        update(u, "these are the settings already in use");
    }

    /** As {@link #update(ApiModel.Update)}; {@code unchanged} says why nothing changed, when nothing did. */
    void update(ApiModel.Update u, String unchanged) {
        if (u.settingsChanged()) {
            applied(u);
            return;
        }
        // the settings given are the stored ones: nothing saved, and the answer says so (not "Saved")
        out.println((u.changed() ? "Settings unchanged; the mail server was brought back in line with them"
                : "Nothing changed: " + unchanged) + ": " + scopes(u.scopes()));
        u.warnings().forEach(w -> out.println("warning: " + w));
    }

    /** What the mail server did, whether or not settings changed (a repair writes none). */
    void applied(ApiModel.Update u) {
        out.println((u.changed() ? "Applied" : "Saved, mail server unchanged") + ": " + scopes(u.scopes())
                + " (" + u.tookMs() + " ms)");
        u.warnings().forEach(w -> out.println("warning: " + w));
    }

    /** After a removal: as {@link #update}, or one line saying why there was nothing to remove ({@code why}). */
    void removed(ApiModel.Update u, String why) {
        if (u.nothingChanged()) {
            out.println("Nothing to remove: " + why);
            u.warnings().forEach(w -> out.println("warning: " + w));
            return;
        }
        update(u);
    }

    /**
     * After settings saved with the relay off: the mail server does not use them. A relay turned off earlier
     * stays off when {@code -enabled} is left out (options left out keep their saved value), which "Saved,
     * mail server unchanged" alone did not explain.
     */
    void relayOff(boolean asked) {
        out.println(asked ? "The relay is off: the settings are kept for when it is turned on again (-enabled true)."
                : "The relay stays off (it was turned off): the mail server does not use these settings; add -enabled true to turn it on.");
    }

    /** A bulk change of 100,000 domains printed each of them on one line of 1.7 MB. */
    static String scopes(List<String> scopes) {
        if (scopes.size() <= SCOPES_NAMED) {
            return String.join(", ", scopes);
        }
        return String.join(", ", scopes.subList(0, SCOPES_NAMED)) + String.format(Locale.ROOT,
                " and %,d more (%,d in all)", scopes.size() - SCOPES_NAMED, scopes.size());
    }

    void preview(ApiModel.PreviewLines p) {
        for (ApiModel.PreviewLines.Line l : p.lines()) {
            out.printf("%-9s %s%n          now:   %s%n          after: %s%n", l.action(), l.setting(), l.current(), l.proposed());
        }
        for (ApiModel.Drift d : p.drift()) {
            out.printf("DRIFT     %s (%s)%n          by hand:      %s%n          panel wrote:  %s%n          will write:   %s%n",
                    d.setting(), d.location(), orUnset(d.handValue()), orUnset(d.panelValue()), orUnset(d.proposed()));
        }
        if (p.takesOverManual()) {
            out.println("Settings written by hand would be taken over (-confirm-takeover true).");
        }
    }

    private static String orUnset(String value) {
        return value.isEmpty() ? "(not set)" : value;
    }

    void check(CheckReport r) {
        if (r.backup().isPresent()) {
            out.println("Relay:");
        }
        for (CheckStep s : r.steps()) {
            out.printf("[%-7s] %s: %s%n", s.status().id(), s.title(), s.explanation());
        }
        r.advice().ifPresent(a -> out.println("Advice: " + a));
        r.backup().ifPresent(b -> {
            out.println(r.relayOk() ? "Relay: passed" : "Relay: FAILED");
            out.println("Backup relay:");
            for (CheckStep s : b.steps()) {
                out.printf("[%-7s] %s: %s%n", s.status().id(), s.title(), s.explanation());
            }
            b.advice().ifPresent(a -> out.println("Advice: " + a));
            out.println(b.ok() ? "Backup relay: passed" : "Backup relay: FAILED");
        });
        out.println(r.ok() ? "Check passed (" + r.tookMs() + " ms)" : "Check FAILED (" + r.tookMs() + " ms)");
    }

    void spf(SpfSupport.Status s) {
        out.println(s.domain() + ": " + s.stateText() + " (include:" + s.include() + ")");
        s.publishedSpfRecords().forEach(rec -> out.println("  published: " + rec));
        if (s.recordToPublish() != null && !s.action().equals("NONE")) {
            out.println("  needed:    " + s.recordToPublish());
        }
        out.println("  action:    " + s.actionText());
        s.problems().forEach(p -> out.println("  problem:   " + p.message()));
    }

    void outcome(SpfSupport.Outcome o) {
        out.println(o.target() + ": " + o.resultText());
        if (o.before() != null) {
            out.println("  before: " + o.before());
        }
        if (o.after() != null) {
            out.println("  after:  " + o.after());
        } else if (o.result().equals("PUBLISH_BY_HAND")) {
            out.println("  after:  (delete the SPF record: only the include was left in it)");
        } else if (o.result().equals("APPLIED")) {
            out.println("  after:  (SPF record removed: only the include was left in it)");
        }
        o.problems().forEach(p -> out.println("  problem: " + p.message()));
        if (!o.reason().isEmpty()) {
            out.println("  reason: " + o.reason());
        }
    }
}
