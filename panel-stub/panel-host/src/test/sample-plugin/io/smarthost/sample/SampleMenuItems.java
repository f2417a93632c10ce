package io.smarthost.sample;

import io.smarthost.panel.api.MenuItem;
import io.smarthost.panel.api.MenuPlace;
import io.smarthost.panel.api.Role;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.services.HostServices;
import org.pf4j.Extension;

public class SampleMenuItems {

    /** In the Mail section, for customers too; hidden in restricted mode. */
    @Extension
    public static class Hello implements MenuItem {
        private final HostServices services;

        public Hello(HostServices services) {
            this.services = services;
        }

        public MenuPlace place() { return MenuPlace.MAIL; }
        public String sectionKey() { return "mail"; }
        public String labelKey() { return "sample.menu.hello"; }
        public String url() { return "/plugins/sample/hello"; }
        public Role requiredRole() { return Role.CUSTOMER; }
        public boolean visible(RequestContext context) { return !services.settings().restrictedMode(); }
    }

    /** Tools & Settings, admins only. */
    @Extension
    public static class Admin implements MenuItem {
        public MenuPlace place() { return MenuPlace.TOOLS_AND_SETTINGS; }
        public String sectionKey() { return "mail"; }
        public String labelKey() { return "sample.menu.admin"; }
        public String url() { return "/plugins/sample/admin"; }
    }

    /** A domain's Mail tab. */
    @Extension
    public static class DomainTab implements MenuItem {
        public MenuPlace place() { return MenuPlace.DOMAIN_MAIL; }
        public String sectionKey() { return "mail"; }
        public String labelKey() { return "sample.menu.domain"; }
        public String url() { return "/plugins/sample/domains/{domain}"; }
        public Role requiredRole() { return Role.CUSTOMER; }
    }
}
