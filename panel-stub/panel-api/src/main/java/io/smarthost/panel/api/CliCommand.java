package io.smarthost.panel.api;

import org.pf4j.ExtensionPoint;

/**
 * A {@code panel bin UTILITY ...} utility contributed by a plugin, Plesk style:
 * {@code panel bin smarthost --update -host h -port 587}.
 *
 * <p>Called on the CLI's main thread, once per invocation, with the panel's services usable whether
 * or not the web server runs. Returns the exit code: {@link CliArgs#OK} (0), {@link CliArgs#FAILURE}
 * (1) or {@link CliArgs#BAD_INPUT} (2, the message names the option). Secrets are read from
 * {@link CliInvocation#stdin()}, never taken as arguments.
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
}
