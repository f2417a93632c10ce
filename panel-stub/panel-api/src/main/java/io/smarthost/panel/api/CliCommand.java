package io.smarthost.panel.api;

import java.util.List;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * A {@code panel bin UTILITY ...} utility contributed by a plugin, Plesk style:
 * {@code panel bin smarthost --update -host h -port 587}.
 *
 * <p>Called on the CLI's main thread, once per invocation, with the panel's services usable whether
 * or not the web server runs. Returns the exit code: {@link CliArgs#OK} (0), {@link CliArgs#FAILURE}
 * (1) or {@link CliArgs#BAD_INPUT} (2, the message names the option). Secrets are read from
 * {@link CliInvocation#stdin()}, never taken as arguments. Before {@code run}, the host asks
 * {@link #hidden} whether the invocation may run at all.
 *
 * @since 1.0
 */
public interface CliCommand extends ExtensionPoint {

    /** The utility name after {@code panel bin}, e.g. {@code smarthost}. */
    String utility();

    /** One line for {@code panel bin --help}. */
    String summary();

    /** Full help text for {@code panel bin UTILITY --help}. */
    String usage();

    int run(CliInvocation invocation);

    /**
     * Why this invocation may not run, or empty when it may: its part of the feature is hidden (a
     * panel.ini switch, the panel's restricted mode...). Called by the host on the CLI's main thread
     * before {@link #run}, for every invocation but {@code UTILITY --help}, with the plugin's class loader
     * as the thread's context loader and {@code context} as {@link #run} gets it. Answer from the words
     * alone (which command, which level it names), not from their validity: a hidden command is refused
     * whatever its options, as a hidden route answers 404 whatever its body. When hidden, the host
     * prints {@code UTILITY: WORD is not available: REASON} (WORD is the first word, e.g.
     * {@code --update}) to standard error, exits with {@link CliArgs#FAILURE} (1) and does not call
     * {@link #run}. A {@link CliUsageException} thrown here is bad input (exit 2, as from {@link #run}).
     *
     * @param args    the words after the utility name, as {@link CliInvocation#args()} holds them
     * @param context the built-in administrator, channel CLI
     * @return one sentence saying what hides the command and how to show it again
     * @since 1.1
     */
    default Optional<String> hidden(List<String> args, RequestContext context) {
        return Optional.empty();
    }
}
