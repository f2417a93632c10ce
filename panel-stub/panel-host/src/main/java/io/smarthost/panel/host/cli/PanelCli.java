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

    /** The words that ask for help: {@code --help}, {@code -h}, {@code -help}, and {@code help} where a command goes. */
    private static final java.util.Set<String> HELP = java.util.Set.of("--help", "-h", "-help", "help");

    /**
     * Whether {@code words} (the utility first) ask for help rather than for work: a help word first ({@code panel bin
     * --help}, {@code panel bin help smarthost}) or as the utility's first word ({@code panel bin smarthost -h}), or
     * {@code --help}, {@code -help} or {@code -h} anywhere after the utility ({@code panel bin smarthost --list --help}:
     * no utility has such an option, and a word with a dash is never a value). Asking for help is not an error: the help
     * goes to standard output and the exit is 0, whatever else the line holds (nothing runs, nothing is read).
     */
    public static boolean helpRequest(List<String> words) {
        if (words.isEmpty()) {
            return false;
        }
        if (HELP.contains(words.get(0)) || words.size() >= 2 && HELP.contains(words.get(1))) {
            return true;
        }
        return words.subList(1, words.size()).stream().anyMatch(w -> !w.equals("help") && HELP.contains(w));
    }

    public int run(List<String> words, InputStream stdin, PrintStream out, PrintStream err) {
        List<Contribution<CliCommand>> commands = panel.plugins().contributions(CliCommand.class);
        if (!words.isEmpty() && HELP.contains(words.get(0)) && words.size() >= 2 && !words.get(1).startsWith("-")) {
            // panel bin help UTILITY: that utility's help, as panel bin UTILITY --help
            return run(List.of(words.get(1), "--help"), stdin, out, err);
        }
        if (words.isEmpty() || HELP.contains(words.get(0))) {
            // no utility at all is a mistake: the same list, on standard error, exit 2
            PrintStream to = words.isEmpty() ? err : out;
            to.println("Usage: panel bin UTILITY --command [VALUE] [-option value ...]\n\nUtilities:");
            commands.forEach(c -> to.printf("  %-12s %s%n", c.extension().utility(), c.extension().summary()));
            to.println("\npanel bin UTILITY --help (or -h) shows a utility's commands.");
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
        if (helpRequest(words)) {
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
