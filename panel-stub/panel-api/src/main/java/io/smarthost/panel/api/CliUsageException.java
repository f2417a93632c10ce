package io.smarthost.panel.api;

/**
 * Bad command-line input; the CLI prints the message and exits with {@link CliArgs#BAD_INPUT}.
 * The message names the option and says what is allowed.
 *
 * @since 1.0
 */
public class CliUsageException extends RuntimeException {
    public CliUsageException(String message) {
        super(message);
    }
}
