package io.smarthost.panel.api;

import org.pf4j.ExtensionPoint;

/**
 * Contributes HTML pages mounted under the host-owned prefix {@code /plugins/{pluginId}/}.
 *
 * <p>{@link #resource()} returns a JAX-RS resource object (Keycloak's sub-resource pattern): its
 * {@code @Path}/{@code @GET}/{@code @POST} methods, relative to the prefix, answer requests. Methods
 * return {@link View}, a JAX-RS {@code Response} (e.g. a redirect), or a String. Called on the request
 * thread for every request under the prefix; return the same instance when it is stateless. Every
 * method is guarded by {@link Access}; state-changing form posts are CSRF-checked by the host before
 * the method runs.
 *
 * <p>Visibility belongs to the host too: {@link #visible(RequestContext)} says whether the routes of this
 * extension exist for a request, so a plugin splits its pages into one extension per switch (e.g. a
 * server-level and a domain-level extension) and no method repeats the check.
 *
 * @since 1.0
 */
public interface PageExtension extends ExtensionPoint {
    Object resource();

    /**
     * Whether the routes of {@link #resource()} exist for this request: false hides them (a panel.ini
     * switch, the panel's restricted mode, a per-customer permission...). Called by the host on the
     * request thread for every request routed to this extension, after the caller was authenticated and
     * passed {@link Access} (role, the domain's owner) and the CSRF check, and before any resource method
     * runs; {@code context} holds the user, the checked domain and the channel, the thread's context
     * class loader is the plugin's and {@code HostServices.currentRequest()} is set. Hidden answers 404
     * with the host's "not found" page, the same answer as a route that does not exist, and the method
     * does not run. Read the switches afresh on each call (it must be cheap): a change of panel.ini or of
     * restricted mode then applies at the next request, without a restart. An exception is answered
     * like one thrown by a route (500, or 503 when the panel's database cannot be used).
     *
     * @since 1.1
     */
    default boolean visible(RequestContext context) {
        return true;
    }
}
