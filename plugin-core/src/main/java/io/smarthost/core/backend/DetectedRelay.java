package io.smarthost.core.backend;

import io.smarthost.core.relay.Encryption;

/**
 * A relay found configured by hand in the mail server, in the terms of the relay form, so the form
 * can start from it. Never carries the password: the admin types it.
 *
 * @param host              as the form's host field shows it: brackets around a name when MX lookup is off
 *                          ({@code [smtp.example.net]}), IP addresses bare
 * @param port              the port written, or the mail server's default (25) when none is
 * @param encryption        guessed from the mail server's TLS settings (wrapper mode: {@code TLS};
 *                          a required TLS level: {@code STARTTLS}; else {@code NONE})
 * @param verifyCertificate whether the TLS level verifies the relay's certificate
 * @param authentication    whether the mail server logs in to the relay
 * @param username          the login name found for the relay, or empty text when unreadable
 */
public record DetectedRelay(String host, int port, Encryption encryption, boolean verifyCertificate,
                            boolean authentication, String username) {
}
