package io.smarthost.panel.api;

import org.pf4j.ExtensionPoint;

/**
 * A navigation entry contributed by a plugin (or by the host itself).
 *
 * <p>Called on the request thread each time the host builds a page's navigation, so it must be
 * cheap. The host shows the item only when the current user's role satisfies
 * {@link #requiredRole()} <em>and</em> {@link #visible(RequestContext)} answers true; hiding an
 * item never protects its page: the routes behind it have their own {@link Access} rules and
 * visibility ({@link PageExtension#visible(RequestContext)}), which usually asks the same switch.
 *
 * @since 1.0
 */
public interface MenuItem extends ExtensionPoint {

    MenuPlace place();

    /** Section heading key within the place (e.g. {@code mail}); the host groups items by it. */
    String sectionKey();

    /** Message key of the label, resolved in the contributing plugin's {@code i18n/messages} bundle. */
    String labelKey();

    /**
     * Absolute URL path, e.g. {@code /plugins/smarthost/server}. For {@link MenuPlace#DOMAIN_MAIL}
     * the text {@code {domain}} is replaced by the (URL-encoded) domain name.
     */
    String url();

    /** An icon name from the host's icon set (e.g. {@code mail}, {@code relay}, {@code list}). */
    default String icon() {
        return "mail";
    }

    /** The least role that sees the item. */
    default Role requiredRole() {
        return Role.ADMIN;
    }

    /** Extra condition (panel.ini flags, restricted mode, ...). False hides the item. */
    default boolean visible(RequestContext context) {
        return true;
    }

    /** Sort order within the section; lower first. */
    default int order() {
        return 100;
    }
}
