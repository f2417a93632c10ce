package io.smarthost.ui.web;

import io.smarthost.ui.AuthRecords;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The domain page's card listing the domain-authentication records the relay service asked for, with
 * their state in the panel's zone (no DNS query), and the link to their own page ({@link AuthRecordsPage}).
 * Empty (no card) on the server page, and on a domain page with neither a relay in force nor records.
 */
final class AuthRecordCard {
    private final PageRuntime rt;

    AuthRecordCard(PageRuntime rt) {
        this.rt = rt;
    }

    Map<String, Object> model(RelayTarget t) {
        if (t.server() || t.domain().isEmpty()) {
            return Map.of();
        }
        String d = t.domain().get();
        try {
            AuthRecords.Records records = AuthRecords.Records.of(rt.host(), d, rt.locale());
            if (records.records().isEmpty() && rt.service().domain(d).effective().isEmpty()) {
                return Map.of();
            }
            Map<String, Object> m = new HashMap<>();
            m.put("providerName", io.smarthost.core.provider.ProviderCatalog.builtIn().find(records.provider())
                    .map(rt.catalogTexts()::providerName).orElse(records.providerName()));
            m.put("rows", records.records().stream().map(r -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", r.name());
                row.put("type", r.type());
                row.put("zoneState", r.zoneState());
                row.put("zoneStateText", r.zoneStateText());
                return row;
            }).toList());
            m.put("url", "/plugins/smarthost/domains/" + URLEncoder.encode(d, StandardCharsets.UTF_8) + "/auth-records");
            return m;
        } catch (IllegalArgumentException e) {
            return Map.of("providerName", "", "rows", List.of(), "url", "");
        }
    }
}
