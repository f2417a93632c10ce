package io.smarthost.core.service;

import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.relay.Scope;
import java.util.Optional;

/**
 * What a read returns for one scope: never the secret, only whether one is set.
 *
 * @param scope            server or domain
 * @param domainDisplay    the domain's name in Unicode (empty text for the server)
 * @param settings         this scope's own stored settings; empty when never saved
 * @param effectiveLevel   which level decides where this scope's mail goes
 * @param effective        the settings of that level; empty for {@link RelayLevel#DIRECT}
 * @param lastCheck        the last connection check of this scope's relay; empty when none concerns
 *                         the relay saved now (a check of earlier settings is not shown against new ones)
 */
public record RelayView(Scope scope, String domainDisplay, Optional<RelaySettings> settings,
                        RelayLevel effectiveLevel, Optional<RelaySettings> effective,
                        Optional<CheckRecord> lastCheck) {
    public RelayView {
        settings = settings == null ? Optional.empty() : settings;
        Optional<RelaySettings> own = settings;
        lastCheck = lastCheck == null ? Optional.empty()
                : lastCheck.filter(c -> own.map(c::concerns).orElse(false));
    }

    /** Whether a password/API key is stored for this scope. */
    public boolean secretSet() {
        return settings.map(RelaySettings::secretSet).orElse(false);
    }
}
