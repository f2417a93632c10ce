package io.smarthost.core.relay;

import io.smarthost.panel.api.Secret;
import java.util.Objects;

/**
 * A relay login. {@link #toString()} never shows the secret.
 *
 * @param username the login name (for API-key services often fixed, e.g. {@code apikey})
 * @param secret   password or API key
 */
public record Credentials(String username, Secret secret) {
    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=******]";
    }
}
