package io.smarthost.core.check;

import java.util.Locale;

/**
 * The requester may not run this check (a customer asking for a port or an address they may not
 * reach, the feature being off for them, or too many checks). Callers answer 403 (429 for
 * {@link Reason#RATE_LIMITED}) with {@link #message(Locale)}; the CLI prints it and exits 1.
 *
 * @since 1.0
 */
public final class CheckRefusedException extends RuntimeException {

    /** Why the check was refused. */
    public enum Reason { FEATURE_DISABLED, PORT_NOT_ALLOWED, ADDRESS_NOT_ALLOWED, RATE_LIMITED }

    private final Reason reason;
    private final String key;
    private final transient Object[] args;

    CheckRefusedException(Reason reason, String key, Object... args) {
        super(new CheckTexts(Locale.ENGLISH).get(key, args));
        this.reason = reason;
        this.key = key;
        this.args = args.clone();
    }

    public Reason reason() {
        return reason;
    }

    /** The refusal in the user's language. */
    public String message(Locale locale) {
        return new CheckTexts(locale).get(key, args);
    }
}
