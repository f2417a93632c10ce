package io.smarthost.panel.api.services;

import java.util.List;

/**
 * The panel's DNS service: zones it serves for hosted domains, and the template new zones start
 * from. Changes are atomic per call and recorded in the action log.
 *
 * @since 1.0
 */
public interface DnsZones {

    /** Whether the panel serves the zone of this domain. */
    boolean servesZone(String domain);

    /** Records of the domain's zone; empty when not served. Names are absolute, without the final dot. */
    List<Record> records(String domain);

    /**
     * The records of {@code type} in the zones of many domains at once (a list page shows a state per
     * row): one entry per domain whose zone the panel serves (an empty list when it has none of that
     * type), none for the others. Keys are the domains as given, lower-case. One query where the store can.
     *
     * @since 1.2
     */
    default java.util.Map<String, List<Record>> records(java.util.Collection<String> domains, String type) {
        java.util.Map<String, List<Record>> out = new java.util.LinkedHashMap<>();
        for (String domain : domains) {
            String d = domain.toLowerCase(java.util.Locale.ROOT);
            if (servesZone(d)) {
                out.put(d, records(d).stream().filter(r -> r.type().equalsIgnoreCase(type)).toList());
            }
        }
        return out;
    }

    /**
     * Replaces all records of {@code type} at {@code name} in the domain's zone by {@code values}
     * (empty removes them). Throws {@link IllegalStateException} when the zone is not served.
     */
    void replace(String domain, String name, String type, List<String> values);

    /** The template for new zones; names use {@code <domain>} for the zone's name. */
    List<Record> template();

    void replaceInTemplate(String name, String type, List<String> values);

    record Record(String name, String type, String value, int ttl) {
    }
}
