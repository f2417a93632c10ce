package io.smarthost.core.service;

import io.smarthost.core.relay.SenderAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Which relay applies to mail from one sender address, after precedence: the address's own relay,
 * else its domain's, else (for an alias) the domain it is an alias of, else the server-wide relay,
 * else direct delivery.
 *
 * @param address   the address asked about, normalised
 * @param source    which settings decide
 * @param decidedBy the address or domain whose settings decide (ASCII); empty for the server and direct
 * @param settings  those settings; empty for direct delivery
 * @since 1.3
 */
public record SenderLookup(SenderAddress address, Source source, String decidedBy, Optional<RelaySettings> settings) {
    public SenderLookup {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(source, "source");
        decidedBy = decidedBy == null ? "" : decidedBy;
        settings = settings == null ? Optional.empty() : settings;
    }

    /** The settings that decide, in order of precedence. */
    public enum Source {
        /** The address's own relay. */
        ADDRESS,
        /** The relay of the address's domain. */
        DOMAIN,
        /** The address's domain is an alias: the relay of the domain it belongs to. */
        ALIAS_DOMAIN,
        /** The server-wide relay. */
        SERVER,
        /** No relay: the mail server delivers itself. */
        DIRECT
    }
}
