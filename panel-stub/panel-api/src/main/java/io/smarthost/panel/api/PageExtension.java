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
 * @since 1.0
 */
public interface PageExtension extends ExtensionPoint {
    Object resource();
}
