package io.smarthost.core.spf;

import io.smarthost.core.dns.TxtStrings;
import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.api.services.DnsZones;
import io.smarthost.panel.api.services.HostServices;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * SPF for domains on a relay: status (live DNS and the panel's zone), apply through the panel's DNS
 * service, the DNS template for new domains, and taking the include out again when a relay is
 * disabled. Every write is one atomic {@link DnsZones#replace} of the TXT records at the domain's apex
 * (other TXT records there are kept as they were) and one action-log entry.
 *
 * <p>Read-modify-write of one zone is serialised per domain inside this service; changes made to the
 * zone at the same moment by something else (the admin in the DNS editor) can still race, as with any
 * panel DNS editor. Thread-safe.
 *
 * @since 1.0
 */
public final class SpfService {

    /** The {@link ApplyOutcome#target()} of template changes. */
    public static final String TEMPLATE_TARGET = "dns-template";
    /** Where a zone's apex is written in the DNS template. */
    public static final String TEMPLATE_APEX = "<domain>";
    static final String ACTION_APPLIED = "smarthost.spf.applied";
    static final String ACTION_REMOVED = "smarthost.spf.include.removed";
    static final String ACTION_TEMPLATE_APPLIED = "smarthost.spf.template.applied";
    static final String ACTION_TEMPLATE_REMOVED = "smarthost.spf.template.include.removed";
    private static final int STATUS_THREADS = 8;

    private final DnsZones zones;
    private final ActionLog log;
    private final SpfChecker checker;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public SpfService(DnsZones zones, ActionLog log, SpfChecker checker) {
        this.zones = zones;
        this.log = log;
        this.checker = checker;
    }

    /**
     * The service on the host's DNS zones and action log, asking the resolver {@code panel.ini} names.
     *
     * @throws IllegalArgumentException when the SPF settings in {@code panel.ini} are wrong (the message names the key)
     */
    public static SpfService create(HostServices host) {
        return new SpfService(host.dns(), host.actionLog(), SpfChecker.create(SpfSettings.fromIni(host.ini())));
    }

    /** The domain's SPF situation for the relay include {@code requiredInclude}. Makes live DNS queries. */
    public SpfStatus status(String domain, String requiredInclude) {
        String include = SpfInclude.normalize(requiredInclude);
        String name = SpfInclude.strip(domain);
        Map<String, TxtAnswer> answers = new HashMap<>();
        TxtAnswer live = checker.txt(name);
        boolean served = zones.servesZone(name);
        List<String> zoneSpf = served ? zoneSpf(name) : List.of();

        LinkedHashSet<SpfProblem> problems = new LinkedHashSet<>();
        Assessment published = live.outcome() == TxtAnswer.Outcome.FAILED
                ? new Assessment(SpfState.LOOKUP_FAILED, Optional.empty(), List.of())
                : assess(live.spfRecords(), include, answers);
        Optional<Assessment> zone = served ? Optional.of(assess(zoneSpf, include, answers)) : Optional.empty();
        zone.ifPresent(z -> problems.addAll(z.problems()));
        problems.addAll(published.problems());
        if (served && live.outcome() != TxtAnswer.Outcome.FAILED && !live.spfRecords().equals(zoneSpf)) {
            problems.add(SpfProblem.of(SpfProblem.Code.ZONE_DIFFERS_FROM_PUBLISHED,
                    String.join(" | ", zoneSpf), String.join(" | ", live.spfRecords())));
        }

        Proposal proposal = served ? propose(zoneSpf, zone.get(), include, answers, SpfAction.APPLY)
                : live.outcome() == TxtAnswer.Outcome.FAILED ? new Proposal(Optional.empty(), SpfAction.FIX_BY_HAND, List.of())
                : propose(live.spfRecords(), published, include, answers, SpfAction.PUBLISH_BY_HAND);
        problems.addAll(proposal.problems());
        return new SpfStatus(name, include, published.state(), live,
                published.walk().map(LookupWalk::lookups).orElse(0),
                published.walk().map(LookupWalk::complete).orElse(true), served, zone.map(Assessment::state),
                zoneSpf, proposal.record(), proposal.action(), new ArrayList<>(problems));
    }

    /** {@link #status} for many domains, queried in parallel (at most 8 at a time); results in the given order. */
    public List<SpfStatus> statuses(Collection<String> domains, String requiredInclude) {
        SpfInclude.normalize(requiredInclude); // fail before starting threads
        return inParallel(domains, d -> status(d, requiredInclude));
    }

    /**
     * Merges the include into the SPF record of the panel's zone for {@code domain} and writes it; when
     * the panel does not serve the zone, answers the record to publish by hand (merged into the live one).
     */
    public ApplyOutcome apply(String domain, String include) {
        String inc = SpfInclude.normalize(include);
        String name = SpfInclude.strip(domain);
        synchronized (lock(name)) {
            if (!zones.servesZone(name)) {
                return byHand(name, inc);
            }
            List<String> values = zoneTxt(name);
            List<String> spf = values.stream().map(TxtStrings::text).filter(SpfRecord::isSpf).toList();
            if (spf.size() > 1) {
                return refused(name, spf, SpfProblem.of(SpfProblem.Code.MULTIPLE_SPF, spf.size()));
            }
            Optional<String> before = spf.stream().findFirst();
            MergeResult merged = SpfMerge.merge(before, inc);
            Map<String, TxtAnswer> answers = new HashMap<>();
            if (!merged.changed() || before.isPresent() && checker.walk(before.get(), answers).reaches(inc)) {
                return new ApplyOutcome(name, ApplyOutcome.Result.UNCHANGED, before, before, merged.problems(), "");
            }
            List<SpfProblem> problems = withWalk(merged, answers);
            if (problems.stream().anyMatch(p -> p.code().blocking())) {
                return new ApplyOutcome(name, ApplyOutcome.Result.REFUSED, before, Optional.empty(), problems, "");
            }
            return write(name, values, before, Optional.of(merged.record()), inc, problems, ACTION_APPLIED);
        }
    }

    /** {@link #apply} for every domain on a relay, one after the other; one domain's failure does not stop the others. */
    public List<ApplyOutcome> applyAll(Collection<String> domains, String include) {
        SpfInclude.normalize(include);
        return domains.stream().map(d -> apply(d, include)).toList();
    }

    /** Merges the include into the SPF record of the DNS template ({@code <domain>} TXT), so new domains get it. */
    public ApplyOutcome applyTemplate(String include) {
        String inc = SpfInclude.normalize(include);
        synchronized (lock(TEMPLATE_TARGET)) {
            List<String> values = templateTxt();
            List<String> spf = values.stream().map(TxtStrings::text).filter(SpfRecord::isSpf).toList();
            if (spf.size() > 1) {
                return refused(TEMPLATE_TARGET, spf, SpfProblem.of(SpfProblem.Code.MULTIPLE_SPF, spf.size()));
            }
            Optional<String> before = spf.stream().findFirst();
            MergeResult merged = SpfMerge.merge(before, inc);
            if (!merged.changed()) {
                return new ApplyOutcome(TEMPLATE_TARGET, ApplyOutcome.Result.UNCHANGED, before, before, merged.problems(), "");
            }
            // Template records hold placeholders (<domain>, <ip>): only the record's own lookups can be counted.
            if (merged.blocked()) {
                return new ApplyOutcome(TEMPLATE_TARGET, ApplyOutcome.Result.REFUSED, before, Optional.empty(), merged.problems(), "");
            }
            return writeTemplate(values, before, Optional.of(merged.record()), inc, merged.problems(), ACTION_TEMPLATE_APPLIED);
        }
    }

    /**
     * Takes the include out of the domain's SPF record (the relay is no longer used). A record this
     * service created from nothing ({@code v=spf1 include:X ~all}) is removed entirely.
     */
    public ApplyOutcome removeInclude(String domain, String include) {
        String inc = SpfInclude.normalize(include);
        String name = SpfInclude.strip(domain);
        synchronized (lock(name)) {
            if (!zones.servesZone(name)) {
                TxtAnswer live = checker.txt(name);
                if (live.outcome() == TxtAnswer.Outcome.FAILED) {
                    return new ApplyOutcome(name, ApplyOutcome.Result.FAILED, Optional.empty(), Optional.empty(), List.of(), live.reason());
                }
                List<String> spf = live.spfRecords();
                if (spf.size() != 1) {
                    return spf.isEmpty() ? unchanged(name, Optional.empty())
                            : refused(name, spf, SpfProblem.of(SpfProblem.Code.MULTIPLE_SPF, spf.size()));
                }
                Optional<String> after = SpfMerge.remove(spf.get(0), inc);
                return after.equals(Optional.of(spf.get(0).strip())) ? unchanged(name, after)
                        : new ApplyOutcome(name, ApplyOutcome.Result.PUBLISH_BY_HAND, Optional.of(spf.get(0)), after, List.of(), "");
            }
            List<String> values = zoneTxt(name);
            List<String> spf = values.stream().map(TxtStrings::text).filter(SpfRecord::isSpf).toList();
            if (spf.size() > 1) {
                return refused(name, spf, SpfProblem.of(SpfProblem.Code.MULTIPLE_SPF, spf.size()));
            }
            if (spf.isEmpty()) {
                return unchanged(name, Optional.empty());
            }
            Optional<String> after = SpfMerge.remove(spf.get(0), inc);
            if (after.equals(Optional.of(spf.get(0).strip()))) {
                return unchanged(name, after);
            }
            return write(name, values, Optional.of(spf.get(0)), after, inc, List.of(), ACTION_REMOVED);
        }
    }

    /** {@link #removeInclude} for every domain of a relay being disabled. */
    public List<ApplyOutcome> removeIncludeAll(Collection<String> domains, String include) {
        SpfInclude.normalize(include);
        return domains.stream().map(d -> removeInclude(d, include)).toList();
    }

    /** Takes the include out of the DNS template's SPF record. */
    public ApplyOutcome removeIncludeFromTemplate(String include) {
        String inc = SpfInclude.normalize(include);
        synchronized (lock(TEMPLATE_TARGET)) {
            List<String> values = templateTxt();
            List<String> spf = values.stream().map(TxtStrings::text).filter(SpfRecord::isSpf).toList();
            if (spf.size() != 1) {
                return spf.isEmpty() ? unchanged(TEMPLATE_TARGET, Optional.empty())
                        : refused(TEMPLATE_TARGET, spf, SpfProblem.of(SpfProblem.Code.MULTIPLE_SPF, spf.size()));
            }
            Optional<String> after = SpfMerge.remove(spf.get(0), inc);
            if (after.equals(Optional.of(spf.get(0).strip()))) {
                return unchanged(TEMPLATE_TARGET, after);
            }
            return writeTemplate(values, Optional.of(spf.get(0)), after, inc, List.of(), ACTION_TEMPLATE_REMOVED);
        }
    }

    // ---- internals

    private record Assessment(SpfState state, Optional<LookupWalk> walk, List<SpfProblem> problems) {
    }

    private record Proposal(Optional<String> record, SpfAction action, List<SpfProblem> problems) {
    }

    private Assessment assess(List<String> spf, String include, Map<String, TxtAnswer> answers) {
        if (spf.isEmpty()) {
            return new Assessment(SpfState.NO_SPF, Optional.empty(), List.of());
        }
        if (spf.size() > 1) {
            return new Assessment(SpfState.MULTIPLE_SPF, Optional.empty(), List.of(SpfProblem.of(SpfProblem.Code.MULTIPLE_SPF, spf.size())));
        }
        SpfRecord record = SpfRecord.parse(spf.get(0));
        LookupWalk walk = checker.walk(spf.get(0), answers);
        List<SpfProblem> problems = new ArrayList<>(record.problems());
        problems.addAll(walk.problems());
        SpfState state = !(record.includes(include) || walk.reaches(include)) ? SpfState.MISSING_INCLUDE
                : walk.overLimit() ? SpfState.OVER_LOOKUP_LIMIT : SpfState.OK;
        return new Assessment(state, Optional.of(walk), problems);
    }

    private Proposal propose(List<String> spf, Assessment current, String include, Map<String, TxtAnswer> answers,
                             SpfAction whenChanged) {
        switch (current.state()) {
            case OK:
                return new Proposal(Optional.of(spf.get(0)), SpfAction.NONE, List.of());
            case MULTIPLE_SPF:
            case LOOKUP_FAILED:
                return new Proposal(Optional.empty(), SpfAction.FIX_BY_HAND, List.of());
            case OVER_LOOKUP_LIMIT:
                return new Proposal(Optional.of(spf.get(0)), SpfAction.FIX_BY_HAND, List.of());
            default:
                MergeResult merged = SpfMerge.merge(spf.stream().findFirst(), include);
                List<SpfProblem> problems = withWalk(merged, answers);
                boolean blocked = problems.stream().anyMatch(p -> p.code().blocking());
                return blocked ? new Proposal(Optional.empty(), SpfAction.FIX_BY_HAND, problems)
                        : new Proposal(Optional.of(merged.record()), whenChanged, problems);
        }
    }

    /** The merge's problems, with the record's own lookup count replaced by the full (nested) one. */
    private List<SpfProblem> withWalk(MergeResult merged, Map<String, TxtAnswer> answers) {
        LookupWalk walk = checker.walk(merged.record(), answers);
        LinkedHashSet<SpfProblem> problems = new LinkedHashSet<>();
        merged.problems().stream().filter(p -> p.code() != SpfProblem.Code.OVER_LOOKUP_LIMIT).forEach(problems::add);
        problems.addAll(walk.problems());
        return new ArrayList<>(problems);
    }

    private ApplyOutcome byHand(String name, String include) {
        SpfStatus status = status(name, include);
        if (status.state() == SpfState.LOOKUP_FAILED) {
            return new ApplyOutcome(name, ApplyOutcome.Result.FAILED, Optional.empty(), Optional.empty(), List.of(),
                    "DNS lookup of " + name + " failed: " + status.failureReason());
        }
        Optional<String> before = status.published().spfRecords().stream().findFirst();
        return switch (status.action()) {
            case NONE -> new ApplyOutcome(name, ApplyOutcome.Result.UNCHANGED, before, before, status.problems(), "");
            case FIX_BY_HAND -> new ApplyOutcome(name, ApplyOutcome.Result.REFUSED, before, Optional.empty(), status.problems(), "");
            default -> new ApplyOutcome(name, ApplyOutcome.Result.PUBLISH_BY_HAND, before, status.recordToPublish(), status.problems(), "");
        };
    }

    private ApplyOutcome write(String name, List<String> values, Optional<String> before, Optional<String> after,
                               String include, List<SpfProblem> problems, String action) {
        try {
            zones.replace(name, name, "TXT", replaced(values, after));
        } catch (RuntimeException e) {
            return new ApplyOutcome(name, ApplyOutcome.Result.FAILED, before, before, problems, reason(e));
        }
        log.record(action, name, details(include, before, after));
        return new ApplyOutcome(name, ApplyOutcome.Result.APPLIED, before, after, problems, "");
    }

    private ApplyOutcome writeTemplate(List<String> values, Optional<String> before, Optional<String> after,
                                       String include, List<SpfProblem> problems, String action) {
        try {
            zones.replaceInTemplate(TEMPLATE_APEX, "TXT", replaced(values, after));
        } catch (RuntimeException e) {
            return new ApplyOutcome(TEMPLATE_TARGET, ApplyOutcome.Result.FAILED, before, before, problems, reason(e));
        }
        log.record(action, TEMPLATE_TARGET, details(include, before, after));
        return new ApplyOutcome(TEMPLATE_TARGET, ApplyOutcome.Result.APPLIED, before, after, problems, "");
    }

    /** The TXT values with the SPF one replaced in place (or added, or dropped); the others kept as they were. */
    private static List<String> replaced(List<String> values, Optional<String> spf) {
        List<String> out = new ArrayList<>();
        boolean done = false;
        for (String v : values) {
            if (SpfRecord.isSpf(TxtStrings.text(v))) {
                spf.ifPresent(r -> out.add(TxtStrings.inFormOf(v, r)));
                done = true;
            } else {
                out.add(v);
            }
        }
        if (!done) {
            spf.ifPresent(out::add);
        }
        return out;
    }

    private static Map<String, String> details(String include, Optional<String> before, Optional<String> after) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("include", include);
        details.put("before", before.orElse("(none)"));
        details.put("after", after.orElse("(removed)"));
        return details;
    }

    private static String reason(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static ApplyOutcome refused(String target, List<String> spf, SpfProblem problem) {
        return new ApplyOutcome(target, ApplyOutcome.Result.REFUSED, Optional.of(String.join(" | ", spf)),
                Optional.empty(), List.of(problem), "");
    }

    private static ApplyOutcome unchanged(String target, Optional<String> record) {
        return new ApplyOutcome(target, ApplyOutcome.Result.UNCHANGED, record, record, List.of(), "");
    }

    private List<String> zoneTxt(String name) {
        return zones.records(name).stream()
                .filter(r -> r.type().equalsIgnoreCase("TXT") && SpfInclude.strip(r.name()).equals(name))
                .map(DnsZones.Record::value).toList();
    }

    private List<String> zoneSpf(String name) {
        return zoneTxt(name).stream().map(TxtStrings::text).filter(SpfRecord::isSpf).toList();
    }

    private List<String> templateTxt() {
        return zones.template().stream()
                .filter(r -> r.type().equalsIgnoreCase("TXT") && r.name().strip().equalsIgnoreCase(TEMPLATE_APEX))
                .map(DnsZones.Record::value).toList();
    }

    private Object lock(String key) {
        return locks.computeIfAbsent(key, k -> new Object());
    }

    private static <T> List<T> inParallel(Collection<String> domains, Function<String, T> task) {
        if (domains.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(STATUS_THREADS, domains.size()), r -> {
            Thread t = new Thread(r, "smarthost-spf-status");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = domains.stream().map(d -> pool.submit(() -> task.apply(d))).toList();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("SPF status check interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
