package io.smarthost.panel.host.cli;

import io.smarthost.panel.api.CliArgs;
import io.smarthost.panel.api.CliCommand;
import io.smarthost.panel.api.CliInvocation;
import io.smarthost.panel.api.CliUsageException;
import io.smarthost.panel.api.PanelUser;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.plugins.Contribution;
import io.smarthost.panel.host.services.CurrentRequest;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code panel bin UTILITY ...}: finds the {@link CliCommand} whose {@code utility()} matches (the
 * host's own utilities come through the same extension point) and runs it as the built-in
 * administrator, with the contributor's class loader as the thread's context loader, unless its
 * {@link CliCommand#hidden} hook names a reason: then {@code UTILITY: WORD is not available: REASON}
 * and exit 1, without running it. Exit codes: 0 ok, 1 failure (or hidden), 2 bad input.
 */
public final class PanelCli {

    private static final Logger LOG = LoggerFactory.getLogger(PanelCli.class);
    private final Panel panel;

    public PanelCli(Panel panel) {
        this.panel = panel;
    }

    public int run(List<String> words, InputStream stdin, PrintStream out, PrintStream err) {
        List<Contribution<CliCommand>> commands = panel.plugins().contributions(CliCommand.class);
        if (words.isEmpty() || words.get(0).equals("--help") || words.get(0).equals("help")) {
            out.println("Usage: panel bin UTILITY --command [VALUE] [-option value ...]\n\nUtilities:");
            commands.forEach(c -> out.printf("  %-12s %s%n", c.extension().utility(), c.extension().summary()));
            out.println("\npanel bin UTILITY --help shows a utility's commands.");
            return words.isEmpty() ? CliArgs.BAD_INPUT : CliArgs.OK;
        }
        String utility = words.get(0);
        Optional<Contribution<CliCommand>> found = commands.stream().filter(c -> c.extension().utility().equals(utility)).findFirst();
        if (found.isEmpty()) {
            List<String> known = commands.stream().map(c -> c.extension().utility()).sorted().toList();
            err.println("panel bin: unknown utility '" + utility + "'" + io.smarthost.panel.api.CliSuggest.didYouMean(utility, known, "")
                    + "; known: " + known);
            return CliArgs.BAD_INPUT;
        }
        CliCommand command = found.get().extension();
        List<String> args = words.subList(1, words.size());
        if (!args.isEmpty() && args.get(0).equals("--help")) {
            out.println(command.usage());
            return CliArgs.OK;
        }
        RequestContext context = new RequestContext(new PanelUser("admin", Role.ADMIN, Locale.ENGLISH), Optional.empty(),
                RequestContext.Channel.CLI);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        CurrentRequest.set(context);
        Thread.currentThread().setContextClassLoader(found.get().loader());
        try {
            Optional<String> hidden = command.hidden(args, context);
            if (hidden.isPresent()) {
                err.println((args.isEmpty() ? utility : utility + ": " + args.get(0)) + " is not available: " + hidden.get());
                return CliArgs.FAILURE;
            }
            return command.run(new CliInvocation(args, stdin, out, err, context));
        } catch (CliUsageException e) {
            err.println(utility + ": " + e.getMessage());
            return CliArgs.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println(utility + ": " + e.getMessage());
            return CliArgs.BAD_INPUT;
        } catch (RuntimeException e) {
            LOG.debug("panel bin {} failed", utility, e);
            err.println(utility + ": failed: " + e.getMessage());
            return CliArgs.FAILURE;
        } finally {
            CurrentRequest.clear();
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
