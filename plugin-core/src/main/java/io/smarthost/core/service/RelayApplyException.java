package io.smarthost.core.service;

/**
 * A change could not be completed: the mail server refused it (the stored settings were put back and
 * the mail server left as it was), or the settings store failed. {@link #nothingChanged()} says
 * whether everything is as before; when not, the next start or change brings the mail server in line
 * with the store. Carries the step and reason (no secrets).
 */
public class RelayApplyException extends RuntimeException {
    private final String step;
    private final String reason;
    private final boolean nothingChanged;

    public RelayApplyException(String step, String reason, Throwable cause) {
        this(step, reason, true, cause);
    }

    /**
     * @param nothingChanged false when the mail server may hold the change although the caller gets an
     *                       error (the store failed after the apply): the next start or change re-applies
     *                       the stored settings
     */
    public RelayApplyException(String step, String reason, boolean nothingChanged, Throwable cause) {
        super(step + ": " + reason, cause);
        this.step = step;
        this.reason = reason;
        this.nothingChanged = nothingChanged;
    }

    /** Whether the settings and the mail server are as they were before the change was asked for. */
    public boolean nothingChanged() {
        return nothingChanged;
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
