package io.smarthost.panel.api;

import org.pf4j.ExtensionPoint;

/**
 * Contributes JSON REST routes mounted under the host-owned prefix
 * {@code /api/v2/plugins/{pluginId}/}. Same life cycle and {@link Access} rules as
 * {@link PageExtension}; callers authenticate with an {@code X-API-Key} header (or a session,
 * in which case the host demands a CSRF header on state changes). The host serialises return
 * values with Jackson (records supported).
 *
 * @since 1.0
 */
public interface RestExtension extends ExtensionPoint {
    Object resource();

    /**
     * Whether the routes of {@link #resource()} exist for this request; as
     * {@link PageExtension#visible(RequestContext)} (called on the request thread after authentication,
     * {@link Access} and the CSRF check, before any resource method runs), except that hidden answers
     * 404 with the API's error body {@code {"errors":[{"field":null,"message":"not found"}]}}.
     *
     * @since 1.1
     */
    default boolean visible(RequestContext context) {
        return true;
    }
}
