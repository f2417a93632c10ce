package io.smarthost.panel.api;

import java.util.List;
import java.util.Objects;

/**
 * A hosted domain as the host knows it. Names are lower-case ASCII (IDNA/punycode for
 * internationalised names).
 *
 * @param id      stable id; survives a rename
 * @param name    the domain name
 * @param owner   login of the customer who owns it (an admin may own domains too)
 * @param aliases domain aliases: mail for them follows this domain
 * @since 1.0
 */
public record Domain(long id, String name, String owner, List<String> aliases) {
    public Domain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        aliases = List.copyOf(aliases == null ? List.of() : aliases);
    }
}
