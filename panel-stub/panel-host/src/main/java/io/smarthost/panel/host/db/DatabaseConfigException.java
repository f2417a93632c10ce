package io.smarthost.panel.host.db;

/**
 * The database configured in panel.ini cannot be used at start: a URL of an unknown kind, a server
 * that cannot be reached, a refused login. Its message is one line for people that names
 * {@code [database] url} and never holds the password; the panel prints it and exits 1.
 */
public final class DatabaseConfigException extends IllegalStateException {
    public DatabaseConfigException(String message) {
        super(Database.printable(message));
    }

    /** {@code message} may quote a driver's words, which can repeat the URL: its passwords are masked here, once. */
    public DatabaseConfigException(String message, Throwable cause) {
        super(Database.printable(message), cause);
    }
}
