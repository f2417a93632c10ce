package io.smarthost.core.relay;

/**
 * A host text that is not a host name, an IP address or one of those in brackets with a port.
 * The message never repeats the text (it may hold control characters or pasted secrets).
 */
public class HostSyntaxException extends IllegalArgumentException {
    private final HostProblem problem;

    public HostSyntaxException(HostProblem problem) {
        super("host is not valid: " + problem.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        this.problem = problem;
    }

    public HostProblem problem() {
        return problem;
    }
}
