package io.smarthost.panel.api;

/**
 * Where a {@link MenuItem} appears in the panel's navigation.
 *
 * @since 1.0
 */
public enum MenuPlace {
    /** Tools &amp; Settings, grouped by section (admin). URL is absolute under the panel. */
    TOOLS_AND_SETTINGS("tools-and-settings"),
    /** A domain's Mail tab. The URL may contain {@code {domain}}, replaced by the domain name. */
    DOMAIN_MAIL("domain-mail"),
    /** The top-level Mail section. */
    MAIL("mail"),
    /**
     * The panel's main left navigation (Dashboard, Domains, Tools &amp; Settings are the host's own
     * items here). Added in 1.0 so that the host builds its menu through this extension point too.
     */
    NAVIGATION("navigation");

    private final String id;

    MenuPlace(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
