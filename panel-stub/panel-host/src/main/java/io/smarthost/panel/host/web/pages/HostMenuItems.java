package io.smarthost.panel.host.web.pages;

import io.smarthost.panel.api.MenuItem;
import io.smarthost.panel.api.MenuPlace;
import io.smarthost.panel.api.Role;
import org.pf4j.Extension;

/** The host's own navigation entries, contributed through the same {@link MenuItem} point as plugins'. */
public final class HostMenuItems {

    private HostMenuItems() {
    }

    private abstract static class Main implements MenuItem {
        @Override
        public MenuPlace place() {
            return MenuPlace.NAVIGATION;
        }

        @Override
        public String sectionKey() {
            return "main";
        }
    }

    /** Dashboard: everyone. */
    @Extension
    public static final class Dashboard extends Main {
        @Override public String labelKey() { return "nav.dashboard"; }
        @Override public String url() { return "/"; }
        @Override public String icon() { return "home"; }
        @Override public Role requiredRole() { return Role.CUSTOMER; }
        @Override public int order() { return 10; }
    }

    /** Domains: customers see their own. */
    @Extension
    public static final class Domains extends Main {
        @Override public String labelKey() { return "nav.domains"; }
        @Override public String url() { return "/domains"; }
        @Override public String icon() { return "globe"; }
        @Override public Role requiredRole() { return Role.CUSTOMER; }
        @Override public int order() { return 20; }
    }

    /** Tools &amp; Settings: administrators. */
    @Extension
    public static final class Tools extends Main {
        @Override public String labelKey() { return "nav.tools"; }
        @Override public String url() { return "/tools"; }
        @Override public String icon() { return "settings"; }
        @Override public int order() { return 90; }
    }

    /** Extensions (installed plugins and the catalogue), under Tools &amp; Settings: administrators. */
    @Extension
    public static final class Extensions implements MenuItem {
        @Override public MenuPlace place() { return MenuPlace.TOOLS_AND_SETTINGS; }
        @Override public String sectionKey() { return "settings"; }
        @Override public String labelKey() { return "nav.extensions"; }
        @Override public String url() { return "/tools/extensions"; }
        @Override public String icon() { return "package"; }
        @Override public int order() { return 10; }
    }
}
