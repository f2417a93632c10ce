package io.smarthost.core.service;

/** The domain named is not one of the panel's domains (or is an alias); the UI answers 404. */
public class UnknownDomainException extends RuntimeException {
    public UnknownDomainException(String message) {
        super(message);
    }
}
