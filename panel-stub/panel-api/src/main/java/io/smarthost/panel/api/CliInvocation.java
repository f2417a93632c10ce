package io.smarthost.panel.api;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * One run of a {@link CliCommand}.
 *
 * @param args    the words after the utility name
 * @param stdin   standard input (secrets come from here)
 * @param out     standard output
 * @param err     standard error
 * @param context runs as the built-in administrator, channel CLI
 * @since 1.0
 */
public record CliInvocation(List<String> args, InputStream stdin, PrintStream out, PrintStream err,
                            RequestContext context) {
    public CliInvocation {
        args = List.copyOf(args);
    }
}
