package io.smarthost.core.provider;

import io.smarthost.core.relay.Encryption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A relay service preset. Data lives in {@code providers.json}, not in code.
 *
 * @param id                 stable id stored with the settings, e.g. {@code sendgrid}
 * @param name               name shown to people
 * @param host               host name; {@code {region}} is replaced by the chosen region (Amazon SES)
 * @param port               submission port to suggest
 * @param encryption         encryption to suggest
 * @param fixedUsername      the user name the service fixes for API keys (SendGrid {@code apikey}); empty
 *                           when each account has its own
 * @param usernameHint       what to put in the username field (English)
 * @param spfInclude         the SPF mechanism the service needs, e.g. {@code include:sendgrid.net}
 * @param verificationDocs   link to the service's domain-verification guide
 * @param forwardingMayBreak whether mail forwarding may stop working through this relay (the seed's note)
 * @param regions            regions to choose from; empty when the host has no {@code {region}}
 */
public record Provider(String id, String name, String host, int port, Encryption encryption,
                       Optional<String> fixedUsername, String usernameHint, String spfInclude,
                       String verificationDocs, boolean forwardingMayBreak, List<String> regions) {
    public Provider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        fixedUsername = fixedUsername == null ? Optional.empty() : fixedUsername;
        regions = List.copyOf(regions == null ? List.of() : regions);
    }

    /** Whether the host needs a region. */
    public boolean needsRegion() {
        return host.contains("{region}");
    }

    /**
     * The host for {@code region} (ignored when the service has none).
     *
     * @throws IllegalArgumentException when a region is needed and {@code region} is not one of {@link #regions()}
     */
    public String hostFor(Optional<String> region) {
        if (!needsRegion()) {
            return host;
        }
        String r = region.orElseThrow(() -> new IllegalArgumentException(name + " needs a region, one of " + regions));
        if (!regions.contains(r)) {
            throw new IllegalArgumentException("region '" + r + "' is not one of " + regions + " for " + name);
        }
        return host.replace("{region}", r);
    }

    /** Whether {@code asciiHost} is this service's relay host (any region). */
    public boolean servesHost(String asciiHost) {
        if (!needsRegion()) {
            return host.equalsIgnoreCase(asciiHost);
        }
        return regions.stream().anyMatch(r -> host.replace("{region}", r).equalsIgnoreCase(asciiHost));
    }
}
