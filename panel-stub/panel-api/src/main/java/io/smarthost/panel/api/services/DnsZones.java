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
