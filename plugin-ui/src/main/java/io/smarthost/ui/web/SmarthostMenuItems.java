package io.smarthost.ui.web;

import io.smarthost.panel.api.MenuItem;
import io.smarthost.panel.api.MenuPlace;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.ui.FeatureGate;
import org.pf4j.Extension;

/**
 * The smarthost entries of the panel's menus. Each asks {@link FeatureGate} on every call, so a change
 * of {@code panel.ini} or of restricted mode shows or hides them at once.
 */
public final class SmarthostMenuItems {

    private SmarthostMenuItems() {
    }

    /** Tools &amp; Settings &gt; Mail &gt; Smarthost (admin). */
    @Extension
    public static final class Server implements MenuItem {
        private final FeatureGate gate;

        public Server(HostServices host) {
            this.gate = new FeatureGate(host);
        }

        @Override public MenuPlace place() { return MenuPlace.TOOLS_AND_SETTINGS; }
        @Override public String sectionKey() { return "mail"; }
        @Override public String labelKey() { return "smarthost.menu.server"; }
        @Override public String url() { return "/plugins/smarthost/server"; }
        @Override public String icon() { return "relay"; }
        @Override public boolean visible(RequestContext context) { return gate.serverLevel(); }
    }

    /** Domain &gt; Mail &gt; Smarthost (admin and the domain's owner). */
    @Extension
    public static final class DomainTab implements MenuItem {
        private final FeatureGate gate;

        public DomainTab(HostServices host) {
            this.gate = new FeatureGate(host);
        }

        @Override public MenuPlace place() { return MenuPlace.DOMAIN_MAIL; }
        @Override public String sectionKey() { return "mail"; }
        @Override public String labelKey() { return "smarthost.menu.domain"; }
        @Override public String url() { return "/plugins/smarthost/domains/{domain}"; }
        @Override public String icon() { return "relay"; }
        @Override public Role requiredRole() { return Role.CUSTOMER; }
        @Override public boolean visible(RequestContext context) { return gate.domainLevel(context); }
    }

    /** Mail &gt; Smarthosts: the list of domains with a relay (admin: all; a customer: their own). */
    @Extension
    public static final class List implements MenuItem {
        private final FeatureGate gate;

        public List(HostServices host) {
            this.gate = new FeatureGate(host);
        }

        @Override public MenuPlace place() { return MenuPlace.MAIL; }
        @Override public String sectionKey() { return "mail"; }
        @Override public String labelKey() { return "smarthost.menu.list"; }
        @Override public String url() { return "/plugins/smarthost/list"; }
        @Override public String icon() { return "list"; }
        /** Customers see the list of their own domains. */
        @Override public Role requiredRole() { return Role.CUSTOMER; }
        @Override public boolean visible(RequestContext context) { return gate.domainLevel(context); }
    }
}
