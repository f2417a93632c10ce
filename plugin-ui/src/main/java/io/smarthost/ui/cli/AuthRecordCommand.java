package io.smarthost.ui.cli;

import io.smarthost.core.authrec.AuthRecordPaste;
import io.smarthost.core.authrec.AuthRecordRules;
import io.smarthost.core.authrec.AuthRecordService;
import io.smarthost.core.authrec.AuthRecordText;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.AuthRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --auth-records -domain D}: the domain-authentication records the relay service asked for, their
 * state in the panel's zone and live in DNS (exit 1 until every one is published, for monitoring);
 * {@code -apply [-replace-conflicts true]} writes them into the panel's zone (exit 1 while one is in
 * conflict or failed). {@code --set-auth-records -domain D [-provider ID]} replaces them with the lines
 * read from standard input (exit 2 naming each line's problem; nothing kept then; no line removes them).
 */
final class AuthRecordCommand {
    private final HostServices host;
    private final CliInvocation inv;
    private final CliPrinter print;
    private final Locale locale;

    AuthRecordCommand(HostServices host, CliInvocation inv, CliPrinter print) {
        this.host = host;
        this.inv = inv;
        this.print = print;
        this.locale = inv.context().user().locale();
    }

    int show(CliArgs a) {
        String domain = domain(a);
        AuthRecordService service = AuthRecords.service(host);
        if (a.flag("apply")) {
            boolean replace = a.bool("replace-conflicts").orElse(false);
            AuthRecords.Applied applied = AuthRecords.Applied.of(domain, service.apply(domain, replace), locale);
            if (a.flag("json")) {
                print.json(applied);
            } else {
                applied.results().forEach(r -> {
                    inv.out().println(r.name() + " " + r.type() + " " + r.value() + ": " + r.resultText());
                    r.existing().forEach(e -> inv.out().println("    in the zone: " + e));
                    if (!r.reason().isEmpty()) {
                        inv.out().println("    " + r.reason());
                    }
                });
                if (applied.conflicts() > 0 && !replace) {
                    inv.out().println("Records in conflict were left as they are; to write over them (another CNAME target,"
                            + " another DKIM key): --auth-records -domain " + domain + " -apply -replace-conflicts true");
                }
                if (applied.results().isEmpty()) {
                    inv.out().println("No domain-authentication records for " + domain + ".");
                }
            }
            boolean bad = applied.results().stream().anyMatch(r -> r.result().equals("CONFLICT") || r.result().equals("FAILED"));
            return bad ? CliArgs.FAILURE : CliArgs.OK;
        }
        if (a.has("replace-conflicts")) {
            throw new CliUsageException("-replace-conflicts: only with -apply");
        }
        AuthRecords.Records records = AuthRecords.Records.of(host, domain, locale);
        AuthRecords.Check check = AuthRecords.Check.of(domain, service.check(domain), locale);
        if (a.flag("json")) {
            Map<String, Object> both = new LinkedHashMap<>();
            both.put("records", records);
            both.put("check", check);
            print.json(both);
        } else {
            inv.out().println(domain + ": records for " + records.providerName() + " (" + String.join(", ", records.providerTypes()) + ")");
            if (check.records().isEmpty()) {
                inv.out().println("No domain-authentication records; enter them with --set-auth-records -domain " + domain
                        + " (the lines from the relay service's dashboard on standard input).");
            }
            for (int i = 0; i < check.records().size(); i++) {
                AuthRecords.Live l = check.records().get(i);
                AuthRecords.Row z = records.records().get(i);
                inv.out().println(l.name() + " " + l.type() + " " + l.value());
                inv.out().println("    DNS: " + l.stateText() + (l.found().isEmpty() || l.state().equals("FOUND") ? ""
                        : " (" + String.join(" | ", l.found()) + ")") + (l.reason().isEmpty() ? "" : " (" + l.reason() + ")"));
                inv.out().println("    zone: " + z.zoneStateText() + (z.existing().isEmpty() ? "" : " (" + String.join(" | ", z.existing()) + ")"));
            }
        }
        return check.records().isEmpty() || check.allPublished() ? CliArgs.OK : CliArgs.FAILURE;
    }

    int set(CliArgs a) {
        String domain = domain(a);
        String paste;
        try {
            byte[] bytes = inv.stdin().readNBytes(AuthRecordPaste.MAX_CHARS * 4 + 1);
            paste = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AuthRecordText t = AuthRecordText.forLocale(locale);
        AuthRecordPaste.Parsed parsed = AuthRecordPaste.parse(paste);
        if (!parsed.problems().isEmpty()) {
            parsed.problems().forEach(p -> inv.err().println("smarthost: stdin: " + t.onLine(p)));
            inv.err().println("smarthost: nothing was changed");
            return CliArgs.BAD_INPUT;
        }
        String provider;
        try {
            provider = AuthRecords.providerFor(host, domain, a.option("provider"));
        } catch (IllegalArgumentException e) {
            throw new CliUsageException("-" + e.getMessage());
        }
        AuthRecordRules.Validated v = AuthRecords.service(host).save(domain, provider, parsed.candidates(),
                AuthRecords.serviceName(provider, locale));
        if (!v.ok()) {
            v.problems().forEach(p -> inv.err().println("smarthost: stdin: " + t.onLine(p)));
            inv.err().println("smarthost: nothing was changed");
            return CliArgs.BAD_INPUT;
        }
        inv.out().println(v.records().isEmpty() ? "Removed the domain-authentication records of " + domain + "."
                : "Kept " + v.records().size() + " record(s) for " + domain + " (" + AuthRecords.serviceName(provider, locale)
                + "); check them with --auth-records -domain " + domain + ", write them into the panel's zone with -apply.");
        return CliArgs.OK;
    }

    /** The domain's ASCII name (an alias or unknown domain is refused by the service, exit 2). */
    private String domain(CliArgs a) {
        String typed = a.option("domain").orElseThrow(() -> new CliUsageException(
                "-domain: give the domain, e.g. --" + a.command() + " -domain example.com"));
        return SmarthostRuntime.service(host).domain(typed).scope().domain().orElse(typed);
    }
}
