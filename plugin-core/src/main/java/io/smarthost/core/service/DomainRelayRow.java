package io.smarthost.core.service;

import java.util.Optional;

/**
 * One line of the Smarthosts list.
 *
 * @param domain        ASCII name
 * @param domainDisplay Unicode name
 * @param settings      the domain's relay settings (no secret)
 * @param lastCheck     its last connection check; empty when none concerns the relay saved now
 */
public record DomainRelayRow(String domain, String domainDisplay, RelaySettings settings,
                             Optional<CheckRecord> lastCheck) {
    public DomainRelayRow {
        lastCheck = lastCheck == null ? Optional.empty() : lastCheck.filter(c -> c.concerns(settings));
    }
}
