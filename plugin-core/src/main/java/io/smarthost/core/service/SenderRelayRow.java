package io.smarthost.core.service;

import io.smarthost.core.relay.SenderAddress;
import java.util.Objects;

/**
 * One sender address with a relay of its own, as stored (never the secret: {@code settings.secretSet()}).
 *
 * @since 1.3
 */
public record SenderRelayRow(SenderAddress address, RelaySettings settings) {
    public SenderRelayRow {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(settings, "settings");
    }
}
