package io.smarthost.panel.host.extensions.catalog;

/** A catalogue could not be read, or a release was refused; the message says why and what to do. */
public class CatalogException extends Exception {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
