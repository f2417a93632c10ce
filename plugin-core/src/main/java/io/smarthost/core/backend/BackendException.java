package io.smarthost.core.backend;

/**
 * A backend could not do what was asked; the mail server's configuration was left as it was.
 * The message is for people and never contains a secret.
 */
public class BackendException extends Exception {
    private final String step;
    private final String reason;

    /**
     * @param step    the step that failed, e.g. {@code postfix check}, {@code postmap}, {@code reload}
     * @param message what went wrong and, where possible, how to fix it
     */
    public BackendException(String step, String message) {
        super(step + ": " + message);
        this.step = step;
        this.reason = message;
    }

    public BackendException(String step, String message, Throwable cause) {
        super(step + ": " + message, cause);
        this.step = step;
        this.reason = message;
    }

    public String step() {
        return step;
    }

    /**
     * What went wrong, without the step in front (the message is {@code step: reason}).
     *
     * @since 1.1
     */
    public String reason() {
        return reason;
    }
}
