package io.smarthost.panel.api;

import org.pf4j.ExtensionPoint;

/**
 * Something an administrator allows or denies one customer at a time, declared by the plugin that honours
 * it. The host stores the choice ({@code panel bin user --update LOGIN -NAME true|false}, one row of the
 * panel's settings per customer, see {@link io.smarthost.panel.api.services.PanelSettings#customerPermission})
 * and lists the declared names in {@code panel bin user --help}; the plugin reads the choice in its
 * {@code visible} hooks, so a denied customer gets the 404 of a missing page, menu item or API route.
 *
 * <p>Called on the CLI's or the request's thread; {@link #allowedByDefault()} on every call (so a default
 * read from panel.ini follows the file).
 *
 * @since 1.2
 */
public interface CustomerPermission extends ExtensionPoint {

    /** The option name: lower-case letters, digits and '-' (e.g. {@code smarthost-domains}). */
    String name();

    /** One line for {@code panel bin user --help}: what the permission allows. */
    String description();

    /** What applies to a customer the administrator never allowed or denied. */
    boolean allowedByDefault();

    /**
     * Message key of the column heading on Tools &amp; Settings (the administrator's allow/deny boxes),
     * resolved in the declaring plugin's {@code i18n/messages}; empty: the {@link #name()}.
     */
    default String labelKey() {
        return "";
    }
}
