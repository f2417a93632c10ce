package io.smarthost.panel.host.web;

import io.smarthost.panel.api.MenuItem;
import io.smarthost.panel.api.MenuPlace;
import io.smarthost.panel.api.PanelUser;
import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.host.Panel;
import io.smarthost.panel.host.plugins.Contribution;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds menus from {@link MenuItem} extensions (the host's own entries come the same way): filtered by
 * role and {@link MenuItem#visible}, grouped by section, labels in the contributor's bundle. A menu
 * item that throws is left out and logged; the page still renders.
 */
public final class Navigation {

    private static final Logger LOG = LoggerFactory.getLogger(Navigation.class);
    private final Panel panel;

    public Navigation(Panel panel) {
        this.panel = panel;
    }

    /** One link. */
    public record Link(String label, String url, String icon, boolean active, String pluginId) {
    }

    /** A titled group of links. */
    public record Section(String key, String title, List<Link> links) {
    }

    /** The left navigation: main entries, then the Mail section. */
    public List<Section> sideMenu(PanelUser user, String currentPath) {
        List<Section> out = new ArrayList<>();
        out.addAll(sections(MenuPlace.NAVIGATION, user, Optional.empty(), currentPath));
        out.addAll(sections(MenuPlace.MAIL, user, Optional.empty(), currentPath));
        return out;
    }

    /** Items of one place, grouped by section key in first-seen order. */
    public List<Section> sections(MenuPlace place, PanelUser user, Optional<io.smarthost.panel.api.Domain> domain, String currentPath) {
        RequestContext ctx = new RequestContext(user, domain, RequestContext.Channel.WEB);
        List<Contribution<MenuItem>> items = new ArrayList<>();
        for (Contribution<MenuItem> c : panel.plugins().contributions(MenuItem.class)) {
            try {
                if (c.extension().place() == place && user.role().satisfies(c.extension().requiredRole())
                        && c.extension().visible(ctx)) {
                    items.add(c);
                }
            } catch (RuntimeException e) {
                LOG.warn("Menu item {} of plugin '{}' failed and is hidden: {}", c.extension().getClass().getName(), c.pluginId(), e.toString());
            }
        }
        items.sort(Comparator.comparingInt((Contribution<MenuItem> c) -> c.extension().order()));
        Map<String, List<Link>> grouped = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (Contribution<MenuItem> c : items) {
            MenuItem item = c.extension();
            String url = item.url();
            if (domain.isPresent()) {
                url = url.replace("{domain}", URLEncoder.encode(domain.get().name(), StandardCharsets.UTF_8));
            }
            var messages = panel.services(c.pluginId()).messages();
            String label = messages.get(user.locale(), item.labelKey());
            boolean active = currentPath != null && (currentPath.equals(url) || (!url.equals("/") && currentPath.startsWith(url + "/")));
            grouped.computeIfAbsent(item.sectionKey(), k -> new ArrayList<>()).add(new Link(label, url, item.icon(), active, c.pluginId()));
            titles.computeIfAbsent(item.sectionKey(), k -> messages.get(user.locale(), "section." + k));
        }
        List<Section> out = new ArrayList<>();
        grouped.forEach((key, links) -> out.add(new Section(key, titles.get(key), links)));
        return out;
    }
}
