package io.smarthost.core.service;

/**
 * The mail server backend failed; the stored settings were rolled back and the mail server was
 * left as it was. Carries the backend's step and reason (no secrets).
 */
public class RelayApplyException extends RuntimeException {
    private final String step;
    private final String reason;

    public RelayApplyException(String step, String reason, Throwable cause) {
        super(step + ": " + reason, cause);
        this.step = step;
        this.reason = reason;
    }

    /** The failing step, e.g. {@code postfix check}. */
    public String step() {
        return step;
    }

    /** What went wrong and, where possible, how to fix it. */
    public String reason() {
        return reason;
    }
}
