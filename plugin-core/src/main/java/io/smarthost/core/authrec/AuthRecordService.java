package io.smarthost.core.authrec;

import io.smarthost.core.dns.TxtStrings;
import io.smarthost.core.spf.SpfSettings;
import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.api.services.DnsZones;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.SettingsStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A domain's domain-authentication records: kept in the plugin's store, compared with the panel's DNS
 * zone, checked live in DNS, and written to the zone when the panel serves it. Writing never replaces a
 * record silently: another CNAME target, a CNAME where a TXT should go (or the reverse), or another DKIM
 * key or DMARC policy at the name is a conflict, written over only when the caller asks to replace, and
 * never when records of other types would have to go. TXT records of other kinds at the name (SPF,
 * other services' codes) are kept beside. Each write is one {@link DnsZones#replace} of one name and
 * type; one action-log entry per apply that changed something. Thread-safe (applies of one domain are
 * serialised).
 *
 * @since 1.3
 */
public final class AuthRecordService {
    static final String ACTION_APPLIED = "smarthost.authrec.applied";
    static final String ACTION_SAVED = "smarthost.authrec.saved";
    private static final int CHECK_THREADS = 8;

    private final DnsZones zones;
    private final ActionLog log;
    private final AuthRecordStore store;
    private final AuthRecordChecker checker;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public AuthRecordService(DnsZones zones, ActionLog log, SettingsStore store, AuthRecordChecker checker) {
        this.zones = zones;
        this.log = log;
        this.store = new AuthRecordStore(store);
        this.checker = checker;
    }

    /**
     * The service on the host's zones, log and the plugin's store, asking the resolver of the SPF check.
     *
     * @throws IllegalArgumentException when the SPF settings in {@code panel.ini} are wrong (the message names the key)
     */
    public static AuthRecordService create(HostServices host) {
        return new AuthRecordService(host.dns(), host.actionLog(), host.store(),
                AuthRecordChecker.create(SpfSettings.fromIni(host.ini())));
    }

    public SpfSettings settings() {
        return checker.settings();
    }

    public StoredRecords records(String domain) {
        return store.get(domain);
    }

    /**
     * Validates and keeps {@code candidates} as the domain's records (all of them replace the stored ones;
     * none deletes them). Nothing is kept when a record has a problem.
     */
    public AuthRecordRules.Validated save(String domain, String provider, List<AuthRecordRules.Candidate> candidates,
                                          String serviceName) {
        AuthRecordRules.Validated v = AuthRecordRules.validate(domain, candidates, AuthRecordKinds.allowed(provider), serviceName);
        if (v.ok()) {
            store.put(domain, new StoredRecords(provider, v.records()));
            Map<String, String> details = new LinkedHashMap<>();
            details.put("provider", provider);
            details.put("records", String.valueOf(v.records().size()));
            log.record(ACTION_SAVED, name(domain), details);
        }
        return v;
    }

    /** Forgets the domain's records (the domain was deleted). */
    public void forget(String domain) {
        store.delete(domain);
    }

    /** Live check of every stored record (at most 8 queries at a time); in the stored order. */
    public List<RecordCheck> check(String domain) {
        List<AuthRecord> records = store.get(domain).records();
        if (records.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(CHECK_THREADS, records.size()), r -> {
            Thread t = new Thread(r, "smarthost-authrec-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RecordCheck>> futures = records.stream().map(r -> pool.submit(() -> checker.check(r))).toList();
            List<RecordCheck> out = new ArrayList<>();
            for (Future<RecordCheck> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("domain-authentication check interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The stored records as the panel's zone holds them (no DNS query). */
    public List<ZoneRecord> zone(String domain) {
        String d = name(domain);
        List<AuthRecord> records = store.get(d).records();
        if (!zones.servesZone(d)) {
            return records.stream().map(r -> new ZoneRecord(r, ZoneRecord.State.NOT_SERVED, List.of(), false)).toList();
        }
        List<DnsZones.Record> zone = zones.records(d);
        return records.stream().map(r -> zoneState(d, r, zone)).toList();
    }

    /**
     * Writes the stored records into the panel's zone of {@code domain}. A record in conflict is left as
     * it is unless {@code replaceConflicts} (and then only over another CNAME target or another value of
     * the same TXT kind).
     */
    public List<ApplyResult> apply(String domain, boolean replaceConflicts) {
        String d = name(domain);
        synchronized (locks.computeIfAbsent(d, k -> new Object())) {
            List<AuthRecord> records = store.get(d).records();
            if (!zones.servesZone(d)) {
                return records.stream().map(r -> new ApplyResult(r, ApplyResult.Result.PUBLISH_BY_HAND, List.of(), "")).toList();
            }
            List<ApplyResult> out = new ArrayList<>();
            for (AuthRecord r : records) {
                out.add(applyOne(d, r, replaceConflicts));
            }
            List<String> changed = out.stream().filter(a -> a.result() == ApplyResult.Result.APPLIED
                    || a.result() == ApplyResult.Result.REPLACED).map(a -> a.record().zoneLine()).toList();
            if (!changed.isEmpty()) {
                Map<String, String> details = new LinkedHashMap<>();
                details.put("records", String.join("\n", changed));
                out.stream().filter(a -> a.result() == ApplyResult.Result.REPLACED)
                        .forEach(a -> details.put("replaced " + a.record().name(), String.join(" | ", a.existing())));
                log.record(ACTION_APPLIED, d, details);
            }
            return out;
        }
    }

    private ApplyResult applyOne(String d, AuthRecord r, boolean replace) {
        List<DnsZones.Record> zone = zones.records(d);
        ZoneRecord state = zoneState(d, r, zone);
        switch (state.state()) {
            case IN_ZONE:
                return new ApplyResult(r, ApplyResult.Result.UNCHANGED, List.of(), "");
            case CONFLICT:
                if (!replace || !state.replaceable()) {
                    return new ApplyResult(r, ApplyResult.Result.CONFLICT, state.existing(), "");
                }
                break;
            default:
                break;
        }
        List<String> values;
        if (r.type() == AuthRecordType.CNAME) {
            values = List.of(r.value());
        } else {
            values = new ArrayList<>();
            boolean quoted = false;
            for (DnsZones.Record z : at(zone, r.name(), d)) {
                if (z.type().equalsIgnoreCase("TXT") && !TxtText.clashes(r.value(), TxtStrings.textBeforeComment(z.value()))) {
                    values.add(z.value());
                    quoted |= TxtStrings.isQuoted(z.value());
                }
            }
            values.add(quoted ? TxtStrings.quoted(r.value()) : r.value());
        }
        try {
            zones.replace(d, r.name(), r.type().name(), values);
        } catch (RuntimeException e) {
            return new ApplyResult(r, ApplyResult.Result.FAILED, state.existing(),
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return state.state() == ZoneRecord.State.CONFLICT
                ? new ApplyResult(r, ApplyResult.Result.REPLACED, state.existing(), "")
                : new ApplyResult(r, ApplyResult.Result.APPLIED, List.of(), "");
    }

    private static ZoneRecord zoneState(String d, AuthRecord r, List<DnsZones.Record> zone) {
        List<DnsZones.Record> here = at(zone, r.name(), d);
        List<String> cnames = here.stream().filter(z -> z.type().equalsIgnoreCase("CNAME"))
                .map(z -> host(z.value())).toList();
        List<String> others = here.stream().filter(z -> !z.type().equalsIgnoreCase("CNAME"))
                .map(z -> z.type().toUpperCase(Locale.ROOT) + " " + z.value()).toList();
        if (r.type() == AuthRecordType.CNAME) {
            if (cnames.contains(r.value()) && others.isEmpty()) {
                return new ZoneRecord(r, ZoneRecord.State.IN_ZONE, List.of(), false);
            }
            if (!others.isEmpty()) {
                List<String> all = new ArrayList<>(cnames.stream().map(c -> "CNAME " + c).toList());
                all.addAll(others);
                return new ZoneRecord(r, ZoneRecord.State.CONFLICT, all, false);
            }
            return cnames.isEmpty() ? new ZoneRecord(r, ZoneRecord.State.ABSENT, List.of(), false)
                    : new ZoneRecord(r, ZoneRecord.State.CONFLICT, cnames.stream().map(c -> "CNAME " + c).toList(), true);
        }
        if (!cnames.isEmpty()) {
            return new ZoneRecord(r, ZoneRecord.State.CONFLICT, cnames.stream().map(c -> "CNAME " + c).toList(), false);
        }
        List<String> texts = here.stream().filter(z -> z.type().equalsIgnoreCase("TXT")).map(z -> TxtStrings.textBeforeComment(z.value())).toList();
        if (texts.stream().anyMatch(t -> TxtText.same(r.value(), t))) {
            return new ZoneRecord(r, ZoneRecord.State.IN_ZONE, List.of(), false);
        }
        List<String> clashing = texts.stream().filter(t -> TxtText.clashes(r.value(), t)).map(t -> "TXT " + t).toList();
        return clashing.isEmpty() ? new ZoneRecord(r, ZoneRecord.State.ABSENT, List.of(), false)
                : new ZoneRecord(r, ZoneRecord.State.CONFLICT, clashing, true);
    }

    /** The zone's records at {@code name} (names compared without case and final dot; {@code @} and empty are the apex). */
    private static List<DnsZones.Record> at(List<DnsZones.Record> zone, String name, String apex) {
        return zone.stream().filter(z -> {
            String n = host(z.name());
            return n.equals(name) || (n.equals("@") || n.isEmpty()) && name.equals(apex);
        }).toList();
    }

    private static String host(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.endsWith(".") ? v.substring(0, v.length() - 1) : v;
    }

    private static String name(String domain) {
        return host(domain);
    }
}
