package io.smarthost.windows.smartermail;

/**
 * SmarterMail's web service refused or failed a call. The message names the call (method and path)
 * and SmarterMail's own message; it never contains a request body or a token.
 */
public class SmarterMailException extends Exception {
    private final int status;

    public SmarterMailException(int status, String message) {
        super(message);
        this.status = status;
    }

    public SmarterMailException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** HTTP status, or 0 when no answer came (connection refused, timeout). */
    public int status() {
        return status;
    }
}
