package io.smarthost.core.backend;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the mail server decides whether a relay's TLS certificate is good enough when certificate
 * verification is on for that relay. The connection check uses it to predict what the mail server
 * will do, instead of what this panel's Java runtime would do: the two trust different authorities
 * and match names differently.
 *
 * <p>With verification off, every backend that allows it (see
 * {@link Capabilities#certificateVerification()}) makes the mail server encrypt without verifying;
 * this record only describes verification.
 *
 * @param mailServer name shown to people, e.g. {@code Postfix}
 * @param caFile     the CA bundle (PEM certificates) the mail server verifies relays against; empty
 *                   when the panel cannot know it (the mail server uses a certificate store of its
 *                   own): the check then judges by its own trust store and says so
 * @param caSetting  where {@code caFile} is configured, for people, e.g. {@code smtp_tls_CAfile}
 * @param nameRule   how the certificate must name the relay
 * @since 1.1
 */
public record MailServerTrust(String mailServer, Optional<Path> caFile, String caSetting, NameRule nameRule) {

    /** How a certificate must name the relay. */
    public enum NameRule {
        /**
         * Postfix {@code smtp_tls_secure_cert_match = nexthop, dot-nexthop}: the relay's host name as
         * configured (the next-hop, also when MX lookup is on), or any subdomain of it; a wildcard
         * only as the whole left-most label. The name of the MX host connected to does not count.
         */
        NEXTHOP_OR_SUBDOMAIN,
        /** RFC 6125: the host connected to (the MX host with MX lookup); IP literals against IP entries. */
        CONNECTED_HOST
    }

    public MailServerTrust {
        Objects.requireNonNull(mailServer, "mailServer");
        caFile = caFile == null ? Optional.empty() : caFile;
        caSetting = caSetting == null ? "" : caSetting;
        Objects.requireNonNull(nameRule, "nameRule");
    }

    /** A mail server that verifies against {@code caFile} with {@code nameRule}. */
    public static MailServerTrust caFile(String mailServer, Path caFile, String caSetting, NameRule nameRule) {
        return new MailServerTrust(mailServer, Optional.of(caFile), caSetting, nameRule);
    }

    /**
     * A mail server whose trust the panel cannot read (its own certificate store and rules), or no
     * mail server at all ({@code mailServer} empty text). The check then judges by this panel's
     * trust store and RFC 6125, and says that the mail server may decide otherwise.
     */
    public static MailServerTrust unknown(String mailServer) {
        return new MailServerTrust(mailServer, Optional.empty(), "", NameRule.CONNECTED_HOST);
    }

    /** Whether the check can decide trust the way the mail server does. */
    public boolean known() {
        return caFile.isPresent();
    }
}
