package io.smarthost.core.check;

import java.util.Objects;
import java.util.Set;

/**
 * Who asks for a check. Administrators may check any host and port; customers only what
 * {@link CheckGuard} admits.
 *
 * @param login             panel login (the rate limiter's key)
 * @param admin             whether the user is a server administrator
 * @param featureEnabled    for a customer: whether the domain-level smarthost feature is enabled for
 *                          them (always true for admins)
 * @param allowedExtraPorts for a customer: ports the admin allowed for this customer on top of the
 *                          standard ones and those in {@code panel.ini}
 * @since 1.0
 */
public record Requester(String login, boolean admin, boolean featureEnabled, Set<Integer> allowedExtraPorts) {

    public Requester {
        Objects.requireNonNull(login, "login");
        allowedExtraPorts = allowedExtraPorts == null ? Set.of() : Set.copyOf(allowedExtraPorts);
        featureEnabled = admin || featureEnabled;
    }

    public static Requester admin(String login) {
        return new Requester(login, true, true, Set.of());
    }

    public static Requester customer(String login, boolean featureEnabled, Set<Integer> allowedExtraPorts) {
        return new Requester(login, false, featureEnabled, allowedExtraPorts);
    }
}
