package io.smarthost.postfix.inspect;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.Drift;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.backend.Preview.Action;
import io.smarthost.core.backend.UnicodeKeys;
import io.smarthost.postfix.apply.Layout;
import io.smarthost.postfix.apply.MapSummary;
import io.smarthost.postfix.apply.MasterProcess;
import io.smarthost.postfix.apply.TextMap;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.maincf.MasterCf;
import io.smarthost.postfix.render.MapEntry;
import io.smarthost.postfix.render.MapKind;
import io.smarthost.postfix.render.RelayRendering;
import io.smarthost.postfix.render.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a Postfix configuration has now that concerns relaying, tells our settings from
 * settings written by hand (against {@code smarthost/applied.properties}, what the last apply wrote),
 * lists the drift from that apply, reads a relay set up by hand as form fields, and shows what an
 * apply would change. Never shows a secret.
 */
public final class Inspector {

    /** Relay-related parameters we report but never write. */
    static final List<String> RELATED = List.of("smtp_tls_wrappermode", "smtp_tls_security_level",
            "smtp_tls_policy_maps", "smtp_sasl_mechanism_filter", "smtp_tls_CAfile", "smtp_tls_CApath",
            "transport_maps", "smtp_fallback_relay", "relay_transport");
    /** Parameters written by hand that route mail before the panel's sender-dependent relays (named in inspect). */
    static final Set<String> ROUTES_AROUND = Set.of("transport_maps");
    /** Managed parameters whose presence means a relay was configured. */
    static final Set<String> RELAY_SIGNS = Set.of("relayhost", "smtp_sasl_password_maps",
            "sender_dependent_relayhost_maps", "sender_dependent_default_transport_maps", "default_transport");
    /** Preview lists map entries one by one up to this many domains, then summarises. */
    static final int DETAIL_LIMIT = 100;

    private final Layout layout;
    private final RelayRendering rendering;

    public Inspector(Layout layout, RelayRendering rendering) {
        this.layout = layout;
        this.rendering = rendering;
    }

    /**
     * Whether {@link #inspect()} would report a relay set up by hand or a drift from the last apply: the part of it
     * that decides whether a change must ask first, without the settings list, the maps and the master process.
     */
    public boolean takeOverSigns() throws BackendException {
        MainCf mainCf = MainCf.parse(read(layout.mainCf()));
        Map<String, String> ours = appliedParams();
        for (MainCf.Parameter p : mainCf.parameters()) {
            if (manualSign(p, ours)) {
                return true;
            }
        }
        return !drift(mainCf, MasterCf.parse(read(layout.masterCf())), ours).isEmpty();
    }

    /** Whether this main.cf line is a relay set up by hand (or forces implicit TLS on all delivery). */
    private static boolean manualSign(MainCf.Parameter p, Map<String, String> ours) {
        boolean managed = RelayRendering.MANAGED.contains(p.name())
                && (!io.smarthost.postfix.srs.SrsRendering.PARAMETERS.contains(p.name()) || ours.containsKey(p.name()));
        if (!managed && !RELATED.contains(p.name())) {
            return false;
        }
        return managed && !p.value().equals(ours.get(p.name())) && RELAY_SIGNS.contains(p.name()) && !p.value().isEmpty()
                && !p.value().equals("smtp")
                || p.name().equals("smtp_tls_wrappermode") && p.value().equalsIgnoreCase("yes");
    }

    private List<Drift> drift(MainCf mainCf, MasterCf masterCf, Map<String, String> ours) {
        List<Drift> drift = new ArrayList<>(DriftFinder.mainCf(mainCf, ours, n -> Optional.ofNullable(ours.get(n)), false));
        drift.addAll(DriftFinder.masterCf(masterCf, !ours.isEmpty(), !ours.isEmpty(), rendering.caFile(), false));
        return drift;
    }

    public Inspection inspect() throws BackendException {
        MainCf mainCf = MainCf.parse(read(layout.mainCf()));
        Map<String, String> ours = appliedParams();
        List<Inspection.Setting> settings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        boolean manual = false;
        for (MainCf.Parameter p : mainCf.parameters()) {
            boolean managed = RelayRendering.MANAGED.contains(p.name())
                    && (!io.smarthost.postfix.srs.SrsRendering.PARAMETERS.contains(p.name()) || ours.containsKey(p.name()));
            if (!managed && !RELATED.contains(p.name())) {
                continue;
            }
            settings.add(new Inspection.Setting(p.name(), mask(p.value()), "main.cf:" + p.line(), managed));
            manual |= manualSign(p, ours);
            if (ROUTES_AROUND.contains(p.name()) && !p.value().isBlank()) {
                // a hostile tester's transport_maps sent a relayed domain's mail elsewhere while every page, the
                // self-check and which-relay said "the domain's relay"
                problems.add("main.cf:" + p.line() + ": " + p.name() + " is set by hand (" + mask(p.value()) + "): mail it"
                        + " matches takes that route, before the panel's relays; the relays the panel shows apply to the"
                        + " rest");
            }
            if (p.name().equals("smtp_tls_wrappermode") && p.value().equalsIgnoreCase("yes")) {
                problems.add("main.cf:" + p.line() + ": smtp_tls_wrappermode = yes forces implicit TLS on all"
                        + " SMTP delivery; the smarthost feature sets it per relay instead");
            }
        }
        MasterCf masterCf = MasterCf.parse(read(layout.masterCf()));
        List<Drift> drift = drift(mainCf, masterCf, ours);
        if (!ours.isEmpty()) {
            drift.forEach(d -> problems.add(problem(d)));
        }
        mainCf.duplicates().forEach((name, lines) -> problems.add("main.cf sets " + name + " " + lines.size()
                + " times (lines " + lines.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ")" + (RelayRendering.MANAGED.contains(name)
                ? ": the next apply keeps one" : ": the last one wins; not managed here, left as it is")));
        mainCf.malformedLines().forEach(l -> problems.add("main.cf:" + l + ": Postfix cannot read this line (no '=')"));
        inspectMasterAndMaps(masterCf, !ours.isEmpty(), settings, problems);
        MasterProcess.Status master = MasterProcess.of(layout.configDir(), MasterProcess.queueDirectory(mainCf));
        if (master.state() == MasterProcess.State.RUNNING && MasterProcess.logsThroughPostlogd(mainCf.get("maillog_file"))
                && MasterProcess.stuckOnLog(master.pid().orElseThrow())) {
            problems.add(MasterProcess.stuckText(master.pid().orElseThrow()));
        }
        return new Inspection(settings, problems, manual, drift,
                HandRelay.read(mainCf, Optional.ofNullable(ours.get("relayhost")), layout.configDir()));
    }

    /** How a drift from the panel's last apply reads in the list of problems. */
    private static String problem(Drift d) {
        String what = d.setting().startsWith("master.cf: ") ? d.setting().substring("master.cf: ".length()) : d.setting();
        String how = d.handValue().isEmpty() && d.location().indexOf(':') < 0 ? "was removed by hand"
                : d.panelValue().isEmpty() ? "was set by hand; the panel had not written it"
                : "was changed by hand";
        return d.location() + ": " + what + " " + how + " since the last apply (the next change asks before"
                + " writing over it; repair writes the panel's value again)";
    }

    private void inspectMasterAndMaps(MasterCf masterCf, boolean applied, List<Inspection.Setting> settings,
                                      List<String> problems) {
        List<String> services = masterCf.services(n -> n.startsWith(Transport.PREFIX));
        if (!services.isEmpty()) {
            settings.add(new Inspection.Setting("master.cf transports", String.join(", ",
                    services.stream().map(s -> s.split("\\s+", 2)[0]).toList()), "master.cf", true));
        }
        if (!applied) {
            return;
        }
        for (MapKind kind : MapKind.values()) {
            if (!Files.isRegularFile(layout.db(kind))) {
                problems.add(layout.db(kind) + " is missing (repair builds it again)");
            }
        }
    }

    /**
     * Side by side: what main.cf, master.cf and our tables have, and what applying {@code desired} leaves
     * there. The main.cf column is what Postfix would use after the apply (the same edit the apply makes,
     * done on a copy), so a line written by hand that the apply keeps shows as kept.
     */
    public Preview preview(DesiredState desired) throws BackendException {
        return preview(desired, NO_KEYS);
    }

    /** Nothing named: the entries {@code desired} writes only. */
    private static final ChangeSet NO_KEYS = new ChangeSet(false, false, Set.of());

    /**
     * {@link #preview(DesiredState)} of a change that concerns {@code changes}: the entries of the sender domains and
     * addresses named there (and the server's login) that {@code desired} no longer has are listed as removed.
     */
    public Preview preview(DesiredState desired, ChangeSet changes) throws BackendException {
        return preview(desired, changes, this::textEntries, kind -> {
            try {
                return Optional.of(MapSummary.ofFile(layout.map(kind)));
            } catch (IOException ex) {
                throw new BackendException("read", "cannot read our lookup tables in " + layout.mapsDir() + ": "
                        + ex.getMessage(), ex);
            }
        });
    }

    /** What a whole table holds, when it can be read as a whole (the text maps); empty otherwise. */
    @FunctionalInterface
    private interface WholeMaps {
        Optional<MapSummary> of(MapKind kind) throws BackendException;
    }

    /**
     * Where the lookup tables' current entries are read from: the text maps beside main.cf (files mode), or
     * the rows Postfix reads ({@code pgsql:} tables).
     */
    @FunctionalInterface
    public interface CurrentEntries {
        /** The current value of each of {@code keys} that {@code kind} holds. */
        Map<String, String> of(MapKind kind, java.util.Collection<String> keys) throws BackendException;
    }

    /** {@link #preview(DesiredState, ChangeSet)}, the tables' current entries read from {@code current}. */
    public Preview preview(DesiredState desired, ChangeSet changes, CurrentEntries current) throws BackendException {
        return preview(desired, changes, current, kind -> Optional.empty());
    }

    private Preview preview(DesiredState desired, ChangeSet changes, CurrentEntries current, WholeMaps whole)
            throws BackendException {
        String text = read(layout.mainCf());
        MainCf mainCf = MainCf.parse(text);
        Map<String, String> ours = appliedParams();
        Map<String, String> proposed = rendering.mainCfParameters(desired);
        MainCf after = MainCf.parse(text);
        RelayRendering.applyTo(after, proposed);
        List<Preview.Line> lines = new ArrayList<>();
        for (String name : RelayRendering.MANAGED) {
            Optional<String> now = mainCf.get(name);
            Optional<String> then = after.get(name);
            if (now.isEmpty() && then.isEmpty()) {
                continue;
            }
            long count = mainCf.parameters().stream().filter(p -> p.name().equals(name)).count();
            boolean drifted = !DriftFinder.same(name, now, Optional.ofNullable(ours.get(name)));
            Action action;
            if (now.equals(then) && count == 1) {
                action = Action.KEEP;
            } else if (drifted && !DriftFinder.same(name, now, then)) {
                action = Action.TAKE_OVER;
            } else if (now.isEmpty()) {
                action = Action.ADD;
            } else if (then.isEmpty()) {
                action = Action.REMOVE;
            } else {
                action = Action.CHANGE;
            }
            lines.add(new Preview.Line(name, mask(now.orElse("")), mask(then.orElse("")), action));
        }
        boolean enabled = !proposed.isEmpty();
        MasterCf masterCf = MasterCf.parse(read(layout.masterCf()));
        boolean hasBlock = !masterCf.services(n -> n.startsWith(Transport.PREFIX)).isEmpty();
        List<Drift> masterDrift = DriftFinder.masterCf(masterCf, !ours.isEmpty(), enabled, rendering.caFile(), true);
        if (enabled || hasBlock) {
            // a block edited by hand is rewritten: its line says so beside the drift (it said KEEP)
            lines.add(new Preview.Line("master.cf: smarthost transports", hasBlock ? "present" : "",
                    enabled ? String.join(", ", Transport.services()) : "",
                    enabled != hasBlock ? (enabled ? Action.ADD : Action.REMOVE)
                            : masterDrift.isEmpty() ? Action.KEEP : Action.TAKE_OVER));
        }
        mapLines(desired, changes, ours, current, whole, lines);
        List<Drift> drift = new ArrayList<>(DriftFinder.mainCf(mainCf, ours, after::get, true));
        drift.addAll(masterDrift);
        boolean takesOver = !drift.isEmpty() || lines.stream().anyMatch(l -> l.action() == Action.TAKE_OVER);
        return new Preview(lines, takesOver, drift);
    }

    /**
     * The tables' entries one by one (up to {@link #DETAIL_LIMIT} domains): each entry {@code desired} writes, and each
     * entry of a key the change concerns ({@code changes}: its sender domains and addresses, the server's login of the
     * last apply) that the tables hold now and {@code desired} no longer writes, as removed (a removal's preview listed
     * the entries it keeps and none of those it deletes).
     */
    private void mapLines(DesiredState desired, ChangeSet changes, Map<String, String> ours, CurrentEntries current,
                          WholeMaps whole, List<Preview.Line> lines) throws BackendException {
        if (desired.domainCount() > DETAIL_LIMIT) {
            summaryLines(desired, whole, lines);
            return;
        }
        List<String[]> entries = new ArrayList<>();
        forEachEntry(desired, (kind, e) -> entries.add(new String[] {kind.name(), e.key(), e.value()}));
        Set<String> concerned = concernedKeys(changes, ours);
        Map<MapKind, Map<String, String>> now = new java.util.EnumMap<>(MapKind.class);
        for (MapKind kind : MapKind.values()) {
            Set<String> keys = new java.util.LinkedHashSet<>();
            entries.stream().filter(e -> e[0].equals(kind.name())).forEach(e -> keys.add(e[1]));
            keys.addAll(concerned);
            now.put(kind, keys.isEmpty() ? Map.of() : current.of(kind, keys));
        }
        for (String[] e : entries) {
            MapKind kind = MapKind.valueOf(e[0]);
            Optional<String> have = Optional.ofNullable(now.get(kind).get(e[1]));
            Action action = have.isEmpty() ? Action.ADD : have.get().equals(e[2]) ? Action.KEEP : Action.CHANGE;
            lines.add(new Preview.Line(kind.file() + ": " + e[1], have.map(v -> maskEntry(kind, v)).orElse(""),
                    maskEntry(kind, e[2]), action));
        }
        for (MapKind kind : MapKind.values()) {
            Set<String> written = new java.util.HashSet<>();
            entries.stream().filter(e -> e[0].equals(kind.name())).forEach(e -> written.add(e[1]));
            for (String key : concerned) {
                String have = now.get(kind).get(key);
                if (have != null && !written.contains(key)) {
                    lines.add(new Preview.Line(kind.file() + ": " + key, maskEntry(kind, have), "", Action.REMOVE));
                }
            }
        }
    }

    /**
     * The map keys a change concerns, as its apply edits them: {@code @domain} for a sender domain, the address for a
     * sender address, each with its Unicode form when it has one; and, when the server's relay changes, the server's
     * login key of the last apply (its relayhost).
     */
    private static Set<String> concernedKeys(ChangeSet changes, Map<String, String> ours) {
        Set<String> keys = new java.util.LinkedHashSet<>();
        for (String name : changes.senderDomains()) {
            boolean address = DesiredState.isSenderAddress(name);
            keys.add(address ? name : "@" + name);
            String unicode = address ? UnicodeKeys.of(name) : UnicodeKeys.ofDomain(name);
            if (unicode != null) {
                keys.add(unicode);
            }
        }
        if (changes.server() && ours.containsKey("relayhost") && !ours.get("relayhost").isBlank()) {
            keys.add(ours.get("relayhost"));
        }
        return keys;
    }

    /**
     * One line per table for a change of more domains than are listed one by one: its entries now and after, kept
     * when the table would hold the same entries (before, each table read "changed" whatever it held: a take-over
     * of a hand-edited {@code relayhost} with 300 domains listed three tables that would not change). A table that
     * cannot be read as a whole (rows in PostgreSQL) reads as changed, with the domains' count.
     */
    private void summaryLines(DesiredState desired, WholeMaps whole, List<Preview.Line> lines) throws BackendException {
        Map<MapKind, MapSummary.Builder> after = new java.util.EnumMap<>(MapKind.class);
        for (MapKind kind : MapKind.values()) {
            after.put(kind, new MapSummary.Builder());
        }
        forEachEntry(desired, (kind, e) -> after.get(kind).add(e.key(), e.value()));
        for (MapKind kind : MapKind.values()) {
            MapSummary then = after.get(kind).build();
            Optional<MapSummary> now = whole.of(kind);
            if (now.isEmpty()) {
                lines.add(new Preview.Line(kind.file(), "", desired.domainCount() + " sender domains", Action.CHANGE));
                continue;
            }
            // a table the change empties reads as removed (a removal of a last domain read "changed")
            Action action = now.get().equals(then) ? Action.KEEP : now.get().entries() == 0 ? Action.ADD
                    : then.entries() == 0 ? Action.REMOVE : Action.CHANGE;
            lines.add(new Preview.Line(kind.file(), entries(now.get().entries()), entries(then.entries())
                    + (action == Action.CHANGE && now.get().entries() == then.entries() ? ", some of them different" : ""),
                    action));
        }
    }

    /**
     * Every entry {@code desired} puts in the tables, with its table: the server's logins, then each sender domain's
     * entries, then each sender address's, an IDN name's Unicode key beside its ASCII one (the same entries the
     * rendering writes; the preview compares them as a set, so the order does not matter).
     */
    private static void forEachEntry(DesiredState desired, java.util.function.BiConsumer<MapKind, MapEntry> entry) {
        desired.server().map(s -> RelayRendering.serverEntries(MapKind.SASL_PASSWD, s)).orElse(List.of())
                .forEach(e -> entry.accept(MapKind.SASL_PASSWD, e));
        desired.forEachDomain((d, r) -> {
            for (MapKind kind : MapKind.values()) {
                RelayRendering.domainEntry(kind, d, r).ifPresent(e -> entry.accept(kind, e));
                if (d.contains("xn--")) {
                    RelayRendering.unicodeDomainEntry(kind, d, r).ifPresent(e -> entry.accept(kind, e));
                }
            }
        });
        desired.forEachSender((a, r) -> {
            for (MapKind kind : MapKind.values()) {
                RelayRendering.senderEntry(kind, a, r).ifPresent(e -> entry.accept(kind, e));
                if (a.contains("xn--")) {
                    RelayRendering.unicodeSenderEntry(kind, a, r).ifPresent(e -> entry.accept(kind, e));
                }
            }
        });
    }

    private static String entries(long n) {
        return n == 1 ? "1 entry" : n + " entries";
    }

    /** The files mode's current entries: the text maps beside main.cf (a missing map holds nothing). */
    private Map<String, String> textEntries(MapKind kind, java.util.Collection<String> keys) throws BackendException {
        Map<String, String> out = new java.util.HashMap<>();
        if (!Files.isRegularFile(layout.map(kind))) {
            return out;
        }
        try {
            TextMap map = TextMap.open(layout.map(kind));
            for (String key : keys) {
                map.get(key).ifPresent(v -> out.put(key, v));
            }
            return out;
        } catch (IOException ex) {
            throw new BackendException("read", "cannot read our lookup tables in " + layout.mapsDir() + ": " + ex.getMessage(), ex);
        }
    }

    /** {@code user:secret} shows as {@code user:******}. */
    static String maskEntry(MapKind kind, String value) {
        if (!kind.secret()) {
            return value;
        }
        int colon = value.indexOf(':');
        return (colon < 0 ? value : value.substring(0, colon)) + ":******";
    }

    /** A lookup table type where a table may start: {@code static:}, {@code inline:}, {@code proxy:}... */
    private static final Pattern TABLE_TYPE = Pattern.compile("([A-Za-z0-9_]+):");

    /**
     * Tables written inside main.cf may hold a password: their content never shows, wherever they
     * stand in the value ({@code hash:/x, static:user:pw}, {@code proxy:mysql:/f,inline:{k=v}}).
     * A {@code static:} table shows as {@code static:******}; any braced inline form
     * ({@code inline:{...}}, {@code pcre:{...}}, {@code unionmap:{...}}, {@code static:{...}}) as
     * {@code type:{******}}; an unclosed brace hides everything after it. Table files
     * ({@code hash:/path}) and other text show as they are.
     */
    static String mask(String value) {
        StringBuilder out = new StringBuilder(value.length());
        int i = 0;
        int n = value.length();
        while (i < n) {
            Matcher m = TABLE_TYPE.matcher(value).region(i, n);
            if (startsElement(value, i) && m.lookingAt()) {
                int after = m.end();
                if (after < n && value.charAt(after) == '{') {
                    int close = closingBrace(value, after);
                    out.append(value, i, after).append(close < 0 ? "{******" : "{******}");
                    i = close < 0 ? n : close + 1;
                    continue;
                }
                if (m.group(1).equalsIgnoreCase("static") || m.group(1).equalsIgnoreCase("inline")) {
                    int end = after;
                    while (end < n && value.charAt(end) != ',' && !Character.isWhitespace(value.charAt(end))) {
                        end++;
                    }
                    out.append(value, i, after).append("******");
                    i = end;
                    continue;
                }
            }
            out.append(value.charAt(i));
            i++;
        }
        return out.toString();
    }

    /** Where a table name may begin: at the start, after a list separator, or after a prefix such as {@code proxy:}. */
    private static boolean startsElement(String value, int i) {
        if (i == 0) {
            return true;
        }
        char before = value.charAt(i - 1);
        return before == ',' || before == ':' || before == '{' || Character.isWhitespace(before);
    }

    /** The index of the brace closing the one at {@code open}; -1 when it is never closed. */
    private static int closingBrace(String value, int open) {
        int depth = 0;
        for (int j = open; j < value.length(); j++) {
            char c = value.charAt(j);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    private Map<String, String> appliedParams() throws BackendException {
        Path file = layout.appliedState();
        Map<String, String> out = new java.util.HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        Properties p = new Properties();
        // written as UTF-8 (ApplyEngine.AppliedState); Properties.load(InputStream) would read Latin-1
        try (var in = new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new BackendException("read", "cannot read " + file + ": " + e.getMessage(), e);
        }
        p.stringPropertyNames().stream().filter(n -> n.startsWith("param."))
                .forEach(n -> out.put(n.substring(6), p.getProperty(n)));
        return out;
    }

    static String read(Path file) throws BackendException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendException("read", "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

}
