package io.smarthost.panel.testkit;

import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.api.services.DnsZones;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The panel's DNS service as the contract describes it, in memory: each zone is an immutable list
 * swapped in one step, so a reader never sees half a change; every change is action-logged. A failure
 * can be injected for the next replace, which then changes nothing.
 */
public final class InMemoryDnsZones implements DnsZones {

    private final Map<String, List<Record>> zones = new ConcurrentHashMap<>();
    private volatile List<Record> template = List.of();
    private final ActionLog log;
    private final AtomicInteger failNext = new AtomicInteger();

    public InMemoryDnsZones(ActionLog log) {
        this.log = log;
    }

    /** Serves the zone of {@code domain} with exactly these records. */
    public InMemoryDnsZones serve(String domain, Record... records) {
        zones.put(domain.toLowerCase(Locale.ROOT), List.of(records));
        return this;
    }

    public InMemoryDnsZones template(Record... records) {
        template = List.of(records);
        return this;
    }

    /** The next replace (of a zone or of the template) fails and changes nothing. */
    public void failNextReplace() {
        failNext.incrementAndGet();
    }

    /** A TXT record with the default TTL. */
    public static Record txt(String name, String value) {
        return new Record(name, "TXT", value, 3600);
    }

    @Override
    public boolean servesZone(String domain) {
        return zones.containsKey(domain.toLowerCase(Locale.ROOT));
    }

    @Override
    public List<Record> records(String domain) {
        return zones.getOrDefault(domain.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public void replace(String domain, String name, String type, List<String> values) {
        String zone = domain.toLowerCase(Locale.ROOT);
        if (!zones.containsKey(zone)) {
            throw new IllegalStateException("zone " + domain + " is not served by this panel");
        }
        failIfAsked();
        zones.compute(zone, (z, old) -> swapped(old, name, type, values));
        log.record("dns.records.replaced", domain, Map.of("name", name, "type", type, "count", String.valueOf(values.size())));
    }

    @Override
    public List<Record> template() {
        return template;
    }

    @Override
    public synchronized void replaceInTemplate(String name, String type, List<String> values) {
        failIfAsked();
        template = swapped(template, name, type, values);
        log.record("dns.template.replaced", "template", Map.of("name", name, "type", type));
    }

    private void failIfAsked() {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("DNS server reload failed: named-checkzone reported an error");
        }
    }

    private static List<Record> swapped(List<Record> old, String name, String type, List<String> values) {
        List<Record> next = new ArrayList<>();
        int ttl = 3600;
        for (Record r : old) {
            if (r.name().equalsIgnoreCase(name) && r.type().equalsIgnoreCase(type)) {
                ttl = r.ttl();
            } else {
                next.add(r);
            }
        }
        for (String v : values) {
            next.add(new Record(name, type, v, ttl));
        }
        return List.copyOf(next);
    }
}
