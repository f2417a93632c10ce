package io.smarthost.ui.web;

import io.smarthost.core.delivery.DeliveryRuntime;
import io.smarthost.core.delivery.ScopeStats;
import io.smarthost.core.service.SenderRelayRow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "sender addresses with their own relay" card of a domain page and the sender page's list: one map
 * per address (never a secret), with the delivery through the address's own relay (sent in 24 hours, waiting, last
 * error). Offered only when the backend can route by sender address, or when
 * addresses were saved before the backend changed (shown so they can be removed).
 *
 * @since 1.3
 */
final class SenderSection {
    private final PageRuntime rt;

    SenderSection(PageRuntime rt) {
        this.rt = rt;
    }

    /** The card's values for a domain page; empty for the server page or when there is nothing to offer. */
    Map<String, Object> model(RelayTarget t) {
        if (t.server()) {
            return Map.of();
        }
        String domain = t.domain().get();
        boolean supported = rt.service().capabilities().senderRelay();
        List<Map<String, Object>> rows = rows(domain);
        if (!supported && rows.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> m = new HashMap<>();
        m.put("supported", supported);
        m.put("rows", rows);
        m.put("url", url(domain));
        m.put("limit", rt.service().senderLimit());
        m.put("full", rows.size() >= rt.service().senderLimit());
        m.put("backendName", rt.service().backendName().orElse(""));
        return m;
    }

    List<Map<String, Object>> rows(String domain) {
        List<SenderRelayRow> rows = rt.service().senders(domain);
        // each address's own delivery figures, read together (its mail never counts for the domain's relay)
        Map<String, ScopeStats> stats = rows.isEmpty() ? Map.of() : DeliveryRuntime.tracker(rt.host())
                .senderStats(rows.stream().map(r -> r.address().address()).toList());
        return rows.stream().map(r -> row(domain, r, Optional.ofNullable(stats.get(r.address().address())))).toList();
    }

    private Map<String, Object> row(String domain, SenderRelayRow r, Optional<ScopeStats> stats) {
        Map<String, Object> m = new HashMap<>();
        m.put("delivery", DeliveryCard.senderCells(rt, r.address().address(), stats));
        m.put("address", r.address().address());
        m.put("display", r.address().display());
        m.put("relay", r.settings().relayDisplay());
        m.put("encryption", r.settings().encryption().id());
        m.put("user", r.settings().authentication() ? r.settings().username() : "");
        m.put("active", r.settings().active());
        m.put("editUrl", url(domain) + "?address=" + URLEncoder.encode(r.address().address(), StandardCharsets.UTF_8) + "#sender-form");
        return m;
    }

    static String url(String domain) {
        return "/plugins/smarthost/domains/" + URLEncoder.encode(domain, StandardCharsets.UTF_8) + "/senders";
    }
}
