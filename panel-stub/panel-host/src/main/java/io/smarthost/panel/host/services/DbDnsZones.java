package io.smarthost.panel.host.services;

import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.api.services.DnsZones;
import io.smarthost.panel.host.db.Jdbc;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DNS zones kept in the panel database: the panel "serves" the zone of every hosted domain. New
 * zones start from the template, where {@code <domain>} stands for the zone's name.
 */
public final class DbDnsZones implements DnsZones {

    private static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "MX", "NS", "TXT", "SRV", "CAA");
    private static final int DEFAULT_TTL = 3600;

    private final Jdbc jdbc;
    private final ActionLog log;

    public DbDnsZones(Jdbc jdbc, ActionLog log) {
        this.jdbc = jdbc;
        this.log = log;
    }

    /** The template a fresh home starts with. */
    public static List<Record> defaultTemplate() {
        return List.of(
                new Record("<domain>", "NS", "ns1.<domain>", DEFAULT_TTL),
                new Record("<domain>", "A", "192.0.2.10", DEFAULT_TTL),
                new Record("www.<domain>", "CNAME", "<domain>", DEFAULT_TTL),
                new Record("mail.<domain>", "A", "192.0.2.10", DEFAULT_TTL),
                new Record("<domain>", "MX", "10 mail.<domain>", DEFAULT_TTL),
                new Record("<domain>", "TXT", "v=spf1 a mx -all", DEFAULT_TTL));
    }

    private Optional<Long> zoneId(String domain) {
        return jdbc.one("select id from domains where name = ?", rs -> rs.getLong(1), domain.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean servesZone(String domain) {
        return domain != null && zoneId(domain).isPresent();
    }

    @Override
    public List<Record> records(String domain) {
        return zoneId(domain).map(id -> jdbc.query("select name, rtype, val, ttl from dns_records where domain_id = ? "
                + "order by name, rtype, id", rs -> new Record(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)), id))
                .orElse(List.of());
    }

    /** One query for all of them: the domains joined with their records of {@code type}. */
    @Override
    public Map<String, List<Record>> records(java.util.Collection<String> domains, String type) {
        List<String> names = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).distinct().toList();
        Map<String, List<Record>> out = new java.util.LinkedHashMap<>();
        if (names.isEmpty()) {
            return out;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(names.size(), "?"));
        Object[] args = new Object[names.size() + 1];
        args[0] = type.toUpperCase(Locale.ROOT);
        for (int i = 0; i < names.size(); i++) {
            args[i + 1] = names.get(i);
        }
        jdbc.query("select d.name, r.name, r.rtype, r.val, r.ttl from domains d left join dns_records r"
                + " on r.domain_id = d.id and r.rtype = ? where d.name in (" + marks + ") order by d.name, r.name, r.id", rs -> {
                    List<Record> zone = out.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>());
                    if (rs.getString(2) != null) {
                        zone.add(new Record(rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)));
                    }
                    return null;
                }, args);
        return out;
    }

    @Override
    public void replace(String domain, String name, String type, List<String> values) {
        long id = zoneId(domain).orElseThrow(() -> new IllegalStateException("the panel does not serve the zone of " + domain));
        String rtype = checkType(type);
        String owner = name.toLowerCase(Locale.ROOT);
        String zone = domain.toLowerCase(Locale.ROOT);
        if (!owner.equals(zone) && !owner.endsWith("." + zone)) {
            throw new IllegalArgumentException("name: '" + name + "' is not inside the zone " + zone);
        }
        jdbc.tx(c -> {
            jdbc.update("delete from dns_records where domain_id = ? and name = ? and rtype = ?", id, owner, rtype);
            for (String value : values) {
                jdbc.insert("insert into dns_records(domain_id, name, rtype, val, ttl) values (?, ?, ?, ?, ?)", id, owner, rtype, value, DEFAULT_TTL);
            }
            return null;
        });
        log.record("dns.records.replaced", owner, Map.of("type", rtype, "values", String.join(" | ", values)));
    }

    @Override
    public List<Record> template() {
        return jdbc.query("select name, rtype, val, ttl from dns_template order by id",
                rs -> new Record(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
    }

    @Override
    public void replaceInTemplate(String name, String type, List<String> values) {
        String rtype = checkType(type);
        if (!name.contains("<domain>")) {
            throw new IllegalArgumentException("name: template names must contain <domain>, got '" + name + "'");
        }
        jdbc.tx(c -> {
            jdbc.update("delete from dns_template where name = ? and rtype = ?", name, rtype);
            for (String value : values) {
                jdbc.insert("insert into dns_template(name, rtype, val, ttl) values (?, ?, ?, ?)", name, rtype, value, DEFAULT_TTL);
            }
            return null;
        });
        log.record("dns.template.replaced", name, Map.of("type", rtype, "values", String.join(" | ", values)));
    }

    /** Writes the template's records into a new zone (inside the caller's transaction). */
    public void applyTemplate(long domainId, String domain) {
        for (Record r : template()) {
            jdbc.insert("insert into dns_records(domain_id, name, rtype, val, ttl) values (?, ?, ?, ?, ?)", domainId,
                    r.name().replace("<domain>", domain), r.type(), r.value().replace("<domain>", domain), r.ttl());
        }
    }

    /** {@link #applyTemplate(long, String)} for many new domains (id, name), in one statement (rows as arrays). */
    public void applyTemplate(java.sql.Connection c, List<java.util.Map.Entry<Long, String>> domains) throws java.sql.SQLException {
        List<Record> template = template();
        int n = domains.size() * template.size();
        if (n == 0) {
            return;
        }
        Long[] ids = new Long[n];
        String[] names = new String[n];
        String[] types = new String[n];
        String[] values = new String[n];
        Integer[] ttls = new Integer[n];
        int i = 0;
        for (var d : domains) {
            for (Record r : template) {
                ids[i] = d.getKey();
                names[i] = r.name().replace("<domain>", d.getValue());
                types[i] = r.type();
                values[i] = r.value().replace("<domain>", d.getValue());
                ttls[i] = r.ttl();
                i++;
            }
        }
        try (var insert = c.prepareStatement("insert into dns_records(domain_id, name, rtype, val, ttl)"
                + " select * from unnest(?, ?, ?, ?, ?)")) {
            insert.setObject(1, ids);
            insert.setObject(2, names);
            insert.setObject(3, types);
            insert.setObject(4, values);
            insert.setObject(5, ttls);
            insert.executeUpdate();
        }
    }

    /** Moves a zone's records to the new name (inside the caller's transaction). */
    public void renameZone(long domainId, String oldName, String newName) {
        for (var row : jdbc.query("select id, name, val from dns_records where domain_id = ?",
                rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)}, domainId)) {
            jdbc.update("update dns_records set name = ?, val = ? where id = ?",
                    swapSuffix((String) row[1], oldName, newName), swapSuffix((String) row[2], oldName, newName), row[0]);
        }
    }

    private static String swapSuffix(String text, String oldName, String newName) {
        if (text.equals(oldName)) {
            return newName;
        }
        return text.endsWith("." + oldName) ? text.substring(0, text.length() - oldName.length()) + newName : text;
    }

    private static String checkType(String type) {
        String upper = type == null ? "" : type.toUpperCase(Locale.ROOT);
        if (!TYPES.contains(upper)) {
            throw new IllegalArgumentException("type: '" + type + "' is not supported; use one of " + new java.util.TreeSet<>(TYPES));
        }
        return upper;
    }
}
