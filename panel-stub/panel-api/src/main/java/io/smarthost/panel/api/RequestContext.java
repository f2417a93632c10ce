package io.smarthost.panel.api;

import java.util.Optional;

/**
 * What the host knows about the request being served (or the CLI invocation being run).
 *
 * @param user   the authenticated user
 * @param domain the domain the page or route is about, when it has one
 * @param via    how the caller reached the panel
 * @since 1.0
 */
public record RequestContext(PanelUser user, Optional<Domain> domain, Channel via) {
    public enum Channel { WEB, API, CLI }

    public RequestContext {
        domain = domain == null ? Optional.empty() : domain;
    }
}
