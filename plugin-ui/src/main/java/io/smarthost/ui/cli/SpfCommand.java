package io.smarthost.ui.cli;

import io.smarthost.core.service.DomainRelayRow;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.core.spf.ApplyOutcome;
import io.smarthost.core.spf.SpfInclude;
import io.smarthost.core.spf.SpfService;
import io.smarthost.ui.SpfIncludes;
import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.rest.SpfSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code --spf}: the SPF status of one domain or of every domain with a relay of its own, {@code -apply}
 * to merge the include through the panel's DNS, {@code -template -include X} for the DNS template,
 * {@code -remove} to take the include out again (one domain, or the template) once its relay is off.
 * Exit 1 when a status is not OK (or an apply was refused or failed), so scripts can act on it.
 */
final class SpfCommand {
    private static final int PAGE = 500;
    private final HostServices host;
    private final CliInvocation inv;
    private final CliPrinter print;
    private final Locale locale;

    SpfCommand(HostServices host, CliInvocation inv, CliPrinter print) {
        this.host = host;
        this.inv = inv;
        this.print = print;
        this.locale = inv.context().user().locale();
    }

    int run(CliArgs a) {
        SpfService spf = SpfSupport.service(host);
        Optional<String> include = a.option("include");
        if (a.flag("template")) {
            if (a.option("domain").isPresent() || include.isEmpty()) {
                throw new CliUsageException("-template: give -include X (and no -domain), e.g. --spf -template -include sendgrid.net");
            }
            String inc = normalized(include.get());
            SpfSupport.Outcome o = SpfSupport.Outcome.of(a.flag("remove") ? spf.removeIncludeFromTemplate(inc)
                    : spf.applyTemplate(inc), locale);
            return outcomes(a, List.of(o));
        }
        if (a.flag("remove")) {
            return remove(a, spf, include);
        }
        List<String> domains = a.option("domain").map(List::of).orElseGet(this::domainsOnRelays);
        if (a.flag("apply")) {
            List<SpfSupport.Outcome> outcomes = new ArrayList<>();
            for (String d : domains) {
                outcomes.add(SpfSupport.Outcome.of(spf.apply(d, includeFor(d, include)), locale));
            }
            return outcomes(a, outcomes);
        }
        List<SpfSupport.Status> statuses = new ArrayList<>();
        for (String d : domains) {
            statuses.add(SpfSupport.Status.of(spf.status(d, includeFor(d, include)), locale));
        }
        if (a.flag("json")) {
            print.json(statuses);
        } else {
            statuses.forEach(print::spf);
            if (statuses.isEmpty()) {
                inv.out().println("No domain has an active relay of its own with a known SPF include.");
            }
        }
        return statuses.stream().allMatch(s -> s.state().equals("OK")) ? CliArgs.OK : CliArgs.FAILURE;
    }

    /** {@code -remove}: one domain only (a relay is turned off per domain, or the template for the server). */
    private int remove(CliArgs a, SpfService spf, Optional<String> include) {
        String domain = a.option("domain").orElseThrow(() -> new CliUsageException(
                "-remove: give -domain D (or -template -include X), e.g. --spf -domain example.com -remove"));
        if (a.flag("apply")) {
            throw new CliUsageException("-remove: not with -apply (one adds the include, the other takes it out)");
        }
        String inc = include.map(this::normalized).orElseGet(() -> SpfIncludes.stored(host, domain)
                .orElseThrow(() -> new CliUsageException("-include: the relay settings of " + domain
                        + " have no known SPF include; name it, e.g. -include sendgrid.net")));
        if (SpfIncludes.neededBy(host, domain).filter(inc::equals).isPresent()) {
            inv.err().println("smarthost: include:" + inc + " is still needed: the relay that carries the mail of " + domain
                    + " uses it; turn that relay off (--disable -domain " + domain + ") or change it first. Nothing was changed.");
            return CliArgs.FAILURE;
        }
        return outcomes(a, List.of(SpfSupport.Outcome.of(spf.removeInclude(domain, inc), locale)));
    }

    private String normalized(String include) {
        try {
            return SpfInclude.normalize(include);
        } catch (IllegalArgumentException e) {
            throw new CliUsageException("-include: " + e.getMessage().replaceFirst("^SPF include: ", ""));
        }
    }

    private String includeFor(String domain, Optional<String> include) {
        try {
            return SpfSupport.includeFor(host, domain, include, example -> "-include " + example);
        } catch (IllegalArgumentException e) {
            throw new CliUsageException("-" + e.getMessage());
        }
    }

    private int outcomes(CliArgs a, List<SpfSupport.Outcome> outcomes) {
        if (a.flag("json")) {
            print.json(outcomes);
        } else {
            outcomes.forEach(print::outcome);
        }
        boolean bad = outcomes.stream().anyMatch(o -> o.result().equals(ApplyOutcome.Result.REFUSED.name())
                || o.result().equals(ApplyOutcome.Result.FAILED.name()));
        return bad ? CliArgs.FAILURE : CliArgs.OK;
    }

    /** Domains with an active relay of their own whose include is known (others are named on stderr). */
    private List<String> domainsOnRelays() {
        List<String> out = new ArrayList<>();
        int offset = 0;
        PageResult<DomainRelayRow> page;
        do {
            page = SmarthostRuntime.service(host).list("", offset, PAGE);
            for (DomainRelayRow row : page.items()) {
                if (!row.settings().active()) {
                    continue;
                }
                try {
                    SpfSupport.includeFor(host, row.domain(), Optional.empty());
                    out.add(row.domain());
                } catch (IllegalArgumentException e) {
                    inv.err().println("smarthost: skipped " + row.domain() + ": " + e.getMessage());
                }
            }
            offset += PAGE;
        } while (offset < page.total());
        return out;
    }
}
