package io.smarthost.core.relay;

import java.util.Optional;

/**
 * Whose settings: the whole server, or one domain (ASCII name).
 */
public record Scope(Optional<String> domain) {
    public static final Scope SERVER = new Scope(Optional.empty());

    public Scope {
        domain = domain == null ? Optional.empty() : domain;
    }

    public static Scope domain(String name) {
        return new Scope(Optional.of(name));
    }

    public boolean isServer() {
        return domain.isEmpty();
    }

    @Override
    public String toString() {
        return domain.orElse("server");
    }
}
