package io.smarthost.postfix.inspect;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.postfix.srs.SrsRendering;
import io.smarthost.core.backend.Verification;
import io.smarthost.core.backend.Verification.Disagreement;
import io.smarthost.core.relay.Relay;
import io.smarthost.postfix.apply.Layout;
import io.smarthost.postfix.apply.MapEntries;
import io.smarthost.postfix.apply.PendingMarker;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.maincf.MasterCf;
import io.smarthost.postfix.render.MapKind;
import io.smarthost.postfix.render.RelayRendering;
import io.smarthost.postfix.render.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The self-check of the Postfix backend: compares the desired state with main.cf (every managed
 * parameter, as Postfix reads it: the last occurrence wins), master.cf (our transports), each lookup
 * table's text source and what its {@code .db} index really holds ({@code postmap -s}), and says
 * where an apply was left half-way. Values of the login table are compared, never shown.
 */
public final class Verifier {

    /** At most this many keys are named per table and kind of difference; the rest are counted. */
    static final int NAMED_KEYS = 10;

    private final Layout layout;
    private final RelayRendering rendering;
    private final Path commandDir;
    private final Duration timeout;

    public Verifier(Layout layout, RelayRendering rendering, Path commandDir, Duration timeout) {
        this.layout = layout;
        this.rendering = rendering;
        this.commandDir = commandDir;
        this.timeout = timeout;
    }

    public Verification verify(DesiredState desired) throws BackendException {
        List<String> checked = new ArrayList<>();
        List<Disagreement> found = new ArrayList<>();
        if (Files.exists(layout.pending())) {
            found.add(new Disagreement("interrupted", layout.pending().toString(), "an apply was interrupted ("
                    + PendingMarker.describe(layout) + "); the next change, start or repair rebuilds every file"));
        }
        Optional<Relay> server = desired.server();
        boolean anyDomain = desired.hasDomains() || desired.hasSenders(); // per-sender relays (1.3) too
        boolean enabled = server.isPresent() || anyDomain;
        compareMainCf(rendering.mainCfParameters(desired), enabled, found);
        checked.add(layout.mainCf().toString());
        compareMasterCf(enabled, found);
        checked.add(layout.masterCf().toString());
        if (enabled) {
            Map<MapKind, byte[]> texts = RelayRendering.renderMaps(desired);
            for (MapKind kind : MapKind.values()) {
                compareMap(kind, MapEntries.parse(texts.get(kind)), found);
                checked.add(layout.map(kind).toString());
                checked.add(layout.db(kind).toString());
            }
        }
        if (enabled && desired.srs()) {
            verifySrs(desired, checked, found);
        }
        return new Verification(checked, found, true);
    }

    /** SRS on: postsrsd answers both ways, and the table of senders left alone names the panel's domains. */
    private void verifySrs(DesiredState desired, List<String> checked, List<Disagreement> found) {
        rendering.srs().problem(Duration.ofSeconds(3)).ifPresent(problem ->
                found.add(new Disagreement("srs", rendering.srs().forwardTable(), problem)));
        checked.add("postsrsd " + rendering.srs().forwardTable() + ", " + rendering.srs().reverseTable());
        Path file = layout.mapsDir().resolve(SrsRendering.EXCLUDE_FILE);
        try {
            if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), SrsRendering.exclusions(desired))) {
                found.add(new Disagreement("map", file.toString(), "the senders SRS leaves alone are not the panel's"
                        + " domains and aliases (a domain added or removed since the last server change): Repair"
                        + " writes them again"));
            }
        } catch (java.io.IOException e) {
            found.add(new Disagreement("unreadable", file.toString(), e.getMessage()));
        }
        checked.add(file.toString());
    }

    private void compareMainCf(Map<String, String> want, boolean enabled, List<Disagreement> found) throws BackendException {
        MainCf mainCf = MainCf.parse(Inspector.read(layout.mainCf()));
        for (String name : RelayRendering.MANAGED) {
            List<MainCf.Parameter> set = mainCf.parameters().stream().filter(p -> p.name().equals(name)).toList();
            String w = want.get(name);
            if (w == null && SrsRendering.PARAMETERS.contains(name)) {
                continue; // SRS not wanted: canonical maps written by hand are the admin's own
            }
            if (set.isEmpty()) {
                if (w != null) {
                    found.add(new Disagreement("main.cf", "main.cf", name + " is missing; the panel's settings need "
                            + name + " = " + Inspector.mask(w)));
                }
                continue;
            }
            MainCf.Parameter last = set.get(set.size() - 1);
            String where = "main.cf:" + last.line();
            if (w == null && last.value().isEmpty()) {
                continue; // "relayhost =" (Debian's default main.cf) is Postfix's default: no relay
            }
            if (w == null && mainCf.handWrittenLines(name).contains(last.line())) {
                // the admin's own line, which the panel leaves or gives back when it writes none (its relay off):
                // Postfix does what main.cf says, and the panel says so (--info, which-relay); not a disagreement
                continue;
            }
            if (w == null) {
                found.add(new Disagreement("main.cf", where, name + " = " + Inspector.mask(last.value())
                        + " is set, but the panel's settings " + (enabled ? "do not use it"
                        : "have no relay on (mail should go out directly)")));
            } else if (!w.equals(last.value())) {
                found.add(new Disagreement("main.cf", where, name + " is " + Inspector.mask(last.value())
                        + "; the panel's settings say " + Inspector.mask(w)));
            } else if (set.size() > 1) {
                found.add(new Disagreement("main.cf", where, name + " is set " + set.size() + " times (lines "
                        + set.stream().map(p -> Integer.toString(p.line())).toList() + ")"));
            }
        }
    }

    private void compareMasterCf(boolean enabled, List<Disagreement> found) throws BackendException {
        String text = Inspector.read(layout.masterCf());
        List<String> have = MasterCf.parse(text).services(n -> n.startsWith(Transport.PREFIX));
        MasterCf expected = MasterCf.parse(text);
        rendering.applyTo(expected, enabled);
        if (!expected.services(n -> n.startsWith(Transport.PREFIX)).equals(have)) {
            found.add(new Disagreement("master.cf", "master.cf", enabled
                    ? "the smarthost transports (" + String.join(", ", Transport.services())
                      + ") are missing or differ from what the panel writes"
                    : "smarthost transports are still defined although no relay is on"));
        }
    }

    private void compareMap(MapKind kind, Map<String, String> want, List<Disagreement> found) throws BackendException {
        Path text = layout.map(kind);
        if (!Files.isRegularFile(text)) {
            found.add(new Disagreement("map", text.toString(), "missing (" + want.size() + " entries expected)"));
        } else {
            try {
                List<String> twice = new ArrayList<>();
                compare(want, MapEntries.parse(Files.readAllBytes(text), twice), kind, "map", kind.file(), found);
                // a key a hand added again after the panel's line: Postfix uses the first, and the second misleads
                report(twice, kind.file(), "map", found, k -> "the key is written twice; Postfix uses the first"
                        + " entry, and Repair writes it once");
            } catch (IOException e) {
                found.add(new Disagreement("unreadable", text.toString(), "cannot be read: " + e.getMessage()));
            }
        }
        Path db = layout.db(kind);
        if (!Files.isRegularFile(db)) {
            found.add(new Disagreement("db", db.toString(), "missing: Postfix cannot look anything up in "
                    + kind.file()));
            return;
        }
        try {
            compare(want, PostmapDump.read(commandDir, layout.configDir(), text, timeout), kind, "db", kind.file() + ".db", found);
        } catch (BackendException e) {
            found.add(new Disagreement("unreadable", db.toString(), e.getMessage()));
        }
    }

    /** Names the keys missing, extra and different in {@code have}; secret values are never shown. */
    private static void compare(Map<String, String> want, Map<String, String> have, MapKind kind, String code,
                                String file, List<Disagreement> found) {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        want.forEach((k, v) -> {
            String h = have.get(k);
            if (h == null) {
                missing.add(k);
            } else if (!h.equals(v)) {
                differ.add(k);
            }
        });
        have.keySet().stream().filter(k -> !want.containsKey(k)).forEach(extra::add);
        // "where" names the file and the key, "what" says the rest: shown as "where: what", once each
        report(missing, file, code, found, k -> "no entry; the panel's settings have one");
        report(extra, file, code, found, k -> "an entry the panel's settings do not have");
        report(differ, file, code, found, k -> kind.secret()
                ? "the login (user name or password) differs from the panel's settings"
                : "is " + have.get(k) + "; the panel's settings say " + want.get(k));
    }

    private static void report(List<String> keys, String file, String code, List<Disagreement> found,
                               java.util.function.Function<String, String> text) {
        keys.stream().limit(NAMED_KEYS).forEach(k -> found.add(new Disagreement(code, file + " " + k, text.apply(k))));
        if (keys.size() > NAMED_KEYS) {
            found.add(new Disagreement(code, file, String.format(java.util.Locale.ROOT, "%,d more keys like these",
                    keys.size() - NAMED_KEYS)));
        }
    }
}
