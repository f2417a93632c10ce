package io.smarthost.panel.host.cli;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.RepairHook;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.plugins.Contribution;
import org.pf4j.Extension;

/** {@code panel bin repair}: runs every {@link RepairHook}; fails when one of them did. */
@Extension
public final class RepairUtility implements CliCommand {

    private final Panel panel;

    public RepairUtility(Panel panel) {
        this.panel = panel;
    }

    @Override
    public String utility() {
        return "repair";
    }

    @Override
    public String summary() {
        return "re-apply every plugin's configuration from the panel database";
    }

    @Override
    public String usage() {
        return "panel bin repair [--run]    runs every plugin's repair hook and reports what each did";
    }

    @Override
    public int run(CliInvocation inv) {
        if (!inv.args().isEmpty() && !inv.args().equals(java.util.List.of("--run"))) {
            // the words are not repeated (one may be a secret pasted on the line); the one command is guessed
            String first = inv.args().get(0);
            throw new CliUsageException("panel bin repair takes no option, only --run"
                    + (first.startsWith("--") ? io.smarthost.panel.api.CliSuggest.didYouMean(first.substring(2).replaceFirst("=.*", ""),
                    java.util.List.of("run", "help"), "--") : "") + "; it was given " + inv.args().size() + " word"
                    + (inv.args().size() == 1 ? "" : "s"));
        }
        boolean allOk = true;
        var hooks = panel.plugins().contributions(RepairHook.class);
        if (hooks.isEmpty()) {
            inv.out().println("repair: no plugin has anything to repair");
        }
        for (Contribution<RepairHook> hook : hooks) {
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(hook.loader());
            try {
                RepairHook.Result result = hook.extension().repair();
                inv.out().println(hook.extension().id() + ": " + (result.ok() ? "ok" : "FAILED"));
                result.messages().forEach(m -> inv.out().println("  " + m));
                allOk &= result.ok();
            } catch (RuntimeException e) {
                inv.out().println(hook.extension().id() + ": FAILED: " + e.getMessage());
                allOk = false;
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
        return allOk ? CliArgs.OK : CliArgs.FAILURE;
    }
}
