package io.smarthost.ui.cli;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.Probe;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.services.HostServices;

/**
 * {@code --probe [-domain D] [-json]}: the selected backend looks at the live mail server's shape without
 * writing ({@link MailBackend#probe}): each name or endpoint it would write and whether the server has it,
 * and what the server answered with every secret removed, for an admin to compare with the backend's
 * assumptions (the plugin-windows README) and send in. Exit 0 when the backend found everything it needs, 1
 * otherwise (or when no backend is selected).
 */
final class BackendProbe {
    private final HostServices host;
    private final CliInvocation inv;

    BackendProbe(HostServices host, CliInvocation inv) {
        this.host = host;
        this.inv = inv;
    }

    int run(CliArgs args) {
        BackendSelection selection = SmarthostRuntime.selection(host);
        if (selection.backend().isEmpty()) {
            inv.err().println("smarthost: no mail server backend: " + selection.problem().orElse("none selected"));
            return CliArgs.FAILURE;
        }
        Probe probe;
        try {
            probe = selection.backend().get().probe(args.option("domain"));
        } catch (BackendException e) {
            inv.err().println("smarthost: the probe failed (step " + e.step() + "): " + e.getMessage());
            return CliArgs.FAILURE;
        }
        if (args.flag("json")) {
            new CliPrinter(inv.out()).json(probe);
        } else {
            print(probe);
        }
        return probe.usable() ? CliArgs.OK : CliArgs.FAILURE;
    }

    private void print(Probe probe) {
        inv.out().println("Probe of " + probe.backend() + " (nothing was written)");
        for (Probe.Finding f : probe.findings()) {
            inv.out().println(String.format("  %-10s %s: %s", f.status(), f.item(), f.detail()));
        }
        if (!probe.answers().isEmpty()) {
            inv.out().println("What the mail server answered (secrets removed):");
            for (Probe.Answer a : probe.answers()) {
                inv.out().println("  " + a.request());
                a.reply().lines().forEach(line -> inv.out().println("    " + line));
            }
        }
        inv.out().println(probe.usable() ? "The backend found every name it writes."
                : "The backend would refuse to write: see MISSING, AMBIGUOUS, WRONG_TYPE or FAILED above.");
    }
}
