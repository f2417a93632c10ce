package io.smarthost.core.service;

/**
 * The domain named is not one of the panel's domains (or is an alias), or is not a domain name at all; the UI
 * answers 404, or 400 for a name of a list that is not a domain name ({@link #invalidName}).
 */
public class UnknownDomainException extends RuntimeException {
    private final int index;
    private final boolean invalidName;

    public UnknownDomainException(String message) {
        this(message, -1, false);
    }

    private UnknownDomainException(String message, int index, boolean invalidName) {
        super(message);
        this.index = index;
        this.invalidName = invalidName;
    }

    /** A name that is not a domain name (the message says which). */
    static UnknownDomainException invalidName(String message) {
        return new UnknownDomainException(message, -1, true);
    }

    /** This refusal, of the name at {@code index} of the list a change named (the first one refused). */
    UnknownDomainException at(int index) {
        UnknownDomainException e = new UnknownDomainException(getMessage(), index, invalidName);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** Where the (first) name refused is in the list a bulk change named, from 0; -1 when no list named it. */
    public int index() {
        return index;
    }

    /** Whether the name is not a domain name at all (bad input), rather than a name the panel does not have. */
    public boolean invalidName() {
        return invalidName;
    }
}
