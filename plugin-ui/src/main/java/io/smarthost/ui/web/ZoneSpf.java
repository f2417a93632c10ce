package io.smarthost.ui.web;

import io.smarthost.core.dns.TxtStrings;
import io.smarthost.core.spf.SpfRecord;
import io.smarthost.panel.api.services.DnsZones;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SPF state of a domain as the panel's own DNS zone holds it: no DNS query, so the Smarthosts list
 * can show it for every row of a page. What the world sees is the live check's business
 * ({@link io.smarthost.core.spf.SpfService#status}).
 */
final class ZoneSpf {

    /** States, message keys {@code smarthost.spf.zone.<NAME>}. */
    enum State { NOT_SERVED, NO_SPF, MULTIPLE_SPF, MISSING_INCLUDE, OK, NO_INCLUDE }

    private ZoneSpf() {
    }

    static State state(DnsZones dns, String domain, String include) {
        if (include == null || include.isBlank()) {
            return State.NO_INCLUDE;
        }
        if (!dns.servesZone(domain)) {
            return State.NOT_SERVED;
        }
        return of(records(dns, domain), include);
    }

    /**
     * {@link #state} for the rows of a list page ({@code domain -> include}), the zones' TXT records read in
     * one query rather than three queries per row.
     */
    static Map<String, State> states(DnsZones dns, Map<String, String> includes) {
        List<String> asked = includes.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(Map.Entry::getKey).toList();
        Map<String, List<DnsZones.Record>> zones = asked.isEmpty() ? Map.of() : dns.records(asked, "TXT");
        Map<String, State> out = new HashMap<>();
        includes.forEach((domain, include) -> {
            List<DnsZones.Record> txt = zones.get(domain.toLowerCase(Locale.ROOT));
            out.put(domain, include == null || include.isBlank() ? State.NO_INCLUDE
                    : txt == null ? State.NOT_SERVED : of(spf(txt, domain), include));
        });
        return out;
    }

    private static State of(List<String> spf, String include) {
        if (spf.isEmpty()) {
            return State.NO_SPF;
        }
        if (spf.size() > 1) {
            return State.MULTIPLE_SPF;
        }
        try {
            return SpfRecord.parse(spf.get(0)).includes(include) ? State.OK : State.MISSING_INCLUDE;
        } catch (IllegalArgumentException e) {
            return State.MISSING_INCLUDE;
        }
    }

    /** The SPF records at the zone's apex, as text (quotes of the zone's TXT form removed). */
    static List<String> records(DnsZones dns, String domain) {
        return spf(dns.records(domain), domain);
    }

    private static List<String> spf(List<DnsZones.Record> records, String domain) {
        List<String> out = new ArrayList<>();
        String apex = domain.toLowerCase(Locale.ROOT);
        for (DnsZones.Record r : records) {
            String name = r.name().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
            if (r.type().equalsIgnoreCase("TXT") && (name.equals(apex) || name.equals("@") || name.isEmpty())) {
                String text = TxtStrings.text(r.value());
                if (SpfRecord.isSpf(text)) {
                    out.add(text);
                }
            }
        }
        return out;
    }
}
