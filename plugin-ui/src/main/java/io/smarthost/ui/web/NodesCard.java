package io.smarthost.ui.web;

import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.MailNodes;
import io.smarthost.core.service.SmarthostRuntime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server page's "Postfix nodes" card (admins, {@code [mail] smarthost.postfix.maps = pgsql}): each node
 * that reads the relay maps from the panel's database, the server-wide generation it applied, its last
 * contact, and a "behind" marker when it has not applied the current one ({@code --node-sync}).
 */
final class NodesCard {
    private final PageRuntime rt;

    NodesCard(PageRuntime rt) {
        this.rt = rt;
    }

    /** Empty (no card) for a domain page, a customer, or a backend without nodes. */
    Map<String, Object> model(RelayTarget t) {
        if (!t.server() || !t.admin()) {
            return Map.of();
        }
        var nodes = SmarthostRuntime.selection(rt.host()).backend().flatMap(MailBackend::nodes);
        if (nodes.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> m = new HashMap<>();
        try {
            MailNodes.Fleet fleet = nodes.get().fleet();
            m.put("generation", fleet.generation());
            m.put("rows", fleet.nodes().stream().map(n -> Map.<String, Object>of("name", n.name(),
                    "directory", n.configDirectory(), "generation", n.generation(), "behind", n.behind(),
                    "lastContact", n.lastContact().map(i -> DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                            .withLocale(rt.locale()).withZone(ZoneId.systemDefault()).format(i)).orElse(""))).toList());
            m.put("error", "");
        } catch (RuntimeException e) {
            m.put("generation", 0L);
            m.put("rows", List.of());
            m.put("error", rt.text("smarthost.nodes.unavailable", String.valueOf(e.getMessage())));
        }
        return m;
    }
}
