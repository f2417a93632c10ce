package io.smarthost.core.backend;

import io.smarthost.core.relay.Relay;
import java.util.Objects;
import java.util.Optional;

/**
 * Where mail from one sender domain goes, after precedence: the domain's own relay when enabled,
 * else the server-wide relay when enabled, else direct delivery. Aliases follow their domain;
 * bounces (empty sender) use the server-wide relay.
 *
 * @param level which settings apply
 * @param relay the relay, empty for {@link RelayLevel#DIRECT}
 */
public record EffectiveRelay(RelayLevel level, Optional<Relay> relay) {
    public EffectiveRelay {
        Objects.requireNonNull(level, "level");
        relay = relay == null ? Optional.empty() : relay;
    }

    /**
     * Resolves precedence for {@code senderDomain} (lower-case ASCII; empty text for a bounce).
     */
    public static EffectiveRelay resolve(DesiredState state, String senderDomain) {
        if (senderDomain != null && !senderDomain.isEmpty()) {
            Optional<Relay> own = state.domain(senderDomain);
            if (own.isPresent()) {
                return new EffectiveRelay(RelayLevel.DOMAIN, own);
            }
        }
        Optional<Relay> server = state.server();
        return server.isPresent() ? new EffectiveRelay(RelayLevel.SERVER, server)
                : new EffectiveRelay(RelayLevel.DIRECT, Optional.empty());
    }
}
