package io.smarthost.postfix.apply;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.UnicodeKeys;
import io.smarthost.core.relay.Relay;
import io.smarthost.postfix.maincf.MainCf;
import io.smarthost.postfix.maincf.MasterCf;
import io.smarthost.postfix.render.MapKind;
import io.smarthost.postfix.render.RelayRendering;
import io.smarthost.postfix.render.SafeValues;
import io.smarthost.postfix.srs.SrsDaemon;
import io.smarthost.postfix.srs.SrsRendering;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Makes a Postfix configuration folder match a desired state: atomically (every failure restores
 * the previous files exactly and names the step), idempotently (the same state writes no byte) and
 * incrementally (a change for a few sender domains edits those lines only and updates the
 * {@code .db} files with {@code postmap -i}/{@code -d}, whatever the number of domains).
 */
public final class ApplyEngine {

    /**
     * Line edits cost per changed domain, a full render per domain of the server: past 2% of the
     * domains (at least 64) rendering everything is cheaper.
     */
    static boolean incrementalPays(int changed, long domains) {
        return changed <= Math.max(64, domains / 50);
    }

    /**
     * {@link #incrementalPays(int, long)} without walking the domains: small changes ask nothing, larger
     * ones take the store's estimate (one count; walking every domain to choose the path cost more
     * than either path at 100,000 domains).
     */
    static boolean incrementalPays(int changed, DesiredState desired) {
        return changed <= 64 || incrementalPays(changed, desired.domainCountEstimate());
    }

    private final Layout layout;
    private final PostfixCommands commands;
    private final RelayRendering rendering;
    private final History history;

    public ApplyEngine(Layout layout, PostfixCommands commands, String caFile, int historyLimit) {
        this(layout, commands, caFile, historyLimit, SrsDaemon.DEBIAN);
    }

    /** @param srs where postsrsd answers, for the SRS parameters and the check made when SRS is turned on */
    public ApplyEngine(Layout layout, PostfixCommands commands, String caFile, int historyLimit, SrsDaemon srs) {
        this.layout = layout;
        this.commands = commands;
        this.rendering = new RelayRendering(layout.mapsDir(), caFile, srs);
        this.history = new History(layout.history(), historyLimit);
    }

    /**
     * Opens the text maps that exist, so their indexes are ready for the first incremental change; reads the login
     * map as a kept version copies it (written to nowhere), so that the first full apply runs that code compiled.
     */
    public void warmUp() {
        for (MapKind kind : MapKind.values()) {
            try {
                if (Files.isRegularFile(layout.map(kind))) {
                    TextMap.open(layout.map(kind));
                }
            } catch (IOException e) {
                // the first change reads it again and reports what is wrong
            }
        }
        try {
            if (Files.isRegularFile(layout.map(MapKind.SASL_PASSWD))) {
                History.warmUp(layout.map(MapKind.SASL_PASSWD));
            }
        } catch (IOException e) {
            // as above
        }
    }

    public RelayRendering rendering() {
        return rendering;
    }

    public ApplyReport apply(DesiredState desired, ChangeSet changes) throws BackendException {
        requireUsableConfigDir(layout);
        long start = System.nanoTime();
        try (ApplyLock lock = ApplyLock.acquire(layout)) {
            Txn txn = new Txn(layout, commands);
            if (Files.exists(layout.pending()) && !changes.rebuild()) {
                // an earlier apply died half-way: its text maps may be ahead of their .db files
                txn.warnings.add(PostfixWarnings.of("postfix.interrupted", PendingMarker.describe(layout)));
                changes = ChangeSet.recovery();
            }
            // a map changed by someone else since the panel's last apply (a line added by hand): an in-place edit would
            // keep the foreign lines, which Postfix may use before the panel's; every map is rendered instead, those
            // that differ from the settings are rewritten (their first line says so), and the change says so when
            // more than its own keys differed
            Optional<ForeignLines.Before> foreign = changes.full() ? Optional.empty() : ForeignLines.before(layout, changes);
            if (foreign.isPresent()) {
                changes = ChangeSet.everything();
            }
            try {
                boolean changed = applyLocked(desired, changes, txn);
                List<String> overwritten = ForeignLines.overwritten(layout, foreign, txn.mapsRebuilt);
                if (!overwritten.isEmpty()) {
                    txn.warnings.add(PostfixWarnings.of("postfix.mapsEdited", String.join(", ", overwritten),
                            layout.mapsDir()));
                }
                txn.commit();
                PendingMarker.clear(layout);
                recordMaps();
                if (changed) {
                    txn.record(history);
                }
                return new ApplyReport(changed, txn.steps, txn.warnings, Duration.ofNanos(System.nanoTime() - start));
            } catch (BackendException e) {
                rollback(txn, e);
                throw e;
            } catch (IOException | RuntimeException e) {
                BackendException be = new BackendException(txn.step, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                rollback(txn, be);
                throw be;
            } finally {
                txn.cleanup();
            }
        }
    }

    /** The maps as this apply left them ({@link MapFacts}); not knowing them only makes the next apply render them. */
    private void recordMaps() {
        try {
            MapFacts.record(layout);
        } catch (IOException e) {
            MapFacts.forget(layout);
        }
    }

    /** Puts the files back; the pending marker goes only when that fully succeeded. */
    private void rollback(Txn txn, BackendException failure) {
        txn.rollback(failure);
        if (failure.getSuppressed().length == 0) {
            try {
                PendingMarker.clear(layout);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private boolean applyLocked(DesiredState desired, ChangeSet changes, Txn txn) throws BackendException, IOException {
        txn.step = "prepare";
        // before any edit: a map left 0644 by an older version or by hand is closed first, also
        // on the incremental path where postmap -i keeps the .db's mode
        PrivateFiles.secure(layout);
        txn.step = "read";
        String mainText = read(layout.mainCf());
        String masterText = read(layout.masterCf());
        Optional<Relay> server = desired.server();
        if (server.isPresent()) {
            SafeValues.checkRelay("server-wide relay", server.get());
        }
        // per-sender relays (1.3) need the sender maps as domain relays do
        boolean anySender = desired.hasDomains() || desired.hasSenders();
        boolean enabled = server.isPresent() || anySender;

        MainCf mainCf = MainCf.parse(mainText);
        reportDuplicates(mainCf, txn);
        reportUnreadable(mainText, txn);
        Map<String, String> params = rendering.mainCfParameters(desired);
        refuseHandWrittenCanonicalMaps(mainCf, params);
        AppliedState previous = AppliedState.read(layout.appliedState());
        keepHandValues(mainCf, mainText, params, previous.params(), txn);
        RelayRendering.applyTo(mainCf, params);
        MasterCf masterCf = MasterCf.parse(masterText);
        rendering.applyTo(masterCf, enabled);
        boolean cfChanged = !mainCf.render().equals(mainText) || !masterCf.render().equals(masterText);
        AppliedState next = new AppliedState(params, server.flatMap(s -> RelayRendering.serverEntry(MapKind.SASL_PASSWD, s)).map(e -> e.key()).orElse(""));

        // the server's backup login is a second server key, which the one-key incremental path does not
        // follow: a server change with a backup (now or before) rebuilds the maps
        boolean backupLogin = changes.server() && (server.flatMap(Relay::backup).isPresent()
                || previous.params().getOrDefault("relayhost", "").contains(","));
        boolean full = changes.full() || !enabled || !mapsComplete() || backupLogin
                || !incrementalPays(changes.senderDomains().size(), desired);
        if (full) {
            txn.step = "render";
            stageFullMaps(desired, enabled, changes.rebuild(), txn);
        }
        stageSrsExclusions(desired, changes, params, previous, txn);
        // a rebuild (repair, recovery) validates main.cf and master.cf only when they change: the same bytes were
        // validated when they were written, and `postfix check` runs some twenty postconf processes (0.6 s of a
        // repair's 1.8 s at 100,000 domains); it still reloads a running Postfix
        if (cfChanged || !next.equals(previous)) {
            stageAndValidate(mainCf.render(), masterCf.render(), next, enabled, txn);
        } else if (changes.rebuild()) {
            txn.needsReload = true;
        }
        if (txn.hasPending()) {
            PendingMarker.write(layout, "replacing files");
        }
        txn.swap();
        if (!full) {
            txn.step = "postmap";
            Map<MapKind, Map<String, String>> edits = incrementalEdits(desired, changes, previous, next);
            if (!edits.isEmpty()) {
                PendingMarker.write(layout, "editing " + edits.keySet().stream().map(MapKind::file).toList() + " in place");
            }
            txn.editMaps(edits);
            // a running trivial-rewrite or smtp process answers from the old table for the request at
            // hand and notices the change only afterwards (seen: a deferral with the old password right
            // after postmap): a reload makes the new entries apply to the very next message
            txn.needsReload |= !edits.isEmpty();
        }
        if (txn.needsReload) {
            txn.step = "reload";
            Path queue = MasterProcess.queueDirectory(mainCf);
            MasterProcess.Status master = MasterProcess.of(layout.configDir(), queue);
            switch (master.state()) {
                case RUNNING -> reload(master.pid().orElseThrow(),
                        MasterProcess.logsThroughPostlogd(mainCf.get("maillog_file")), txn);
                case NOT_RUNNING -> txn.steps.add("no Postfix instance runs for " + layout.configDir() + ": reload skipped");
                case OTHER -> txn.warnings.add(master.serves()
                        .map(other -> PostfixWarnings.of("postfix.otherMaster", master.pid().orElse("?"), queue, other,
                                layout.configDir()))
                        .orElseGet(() -> PostfixWarnings.of("postfix.otherMaster.unknown", master.pid().orElse("?"), queue,
                                layout.configDir())));
            }
        }
        return txn.changed();
    }

    /**
     * A managed parameter changed by hand since the panel wrote it ({@code wrote}: the last apply's), whose value this
     * apply replaces, is named in a warning, and main.cf as it was is kept beside the new one in the history
     * ({@code main.cf.before}). A change an admin makes asks first (the take-over confirmation); a recovery, a
     * repair, a domain deleted or renamed, a relay removed write without asking: a hostile tester fixed Postfix by hand
     * while the panel was down after a crash, and the start's recovery wrote over it with no word and no copy. The
     * value itself is not shown (a hand-written table may hold a password).
     */
    private void keepHandValues(MainCf mainCf, String mainText, Map<String, String> params, Map<String, String> wrote,
                                Txn txn) {
        for (String name : RelayRendering.MANAGED) {
            String ours = wrote.get(name);
            Optional<String> now = mainCf.get(name);
            String next = params.get(name);
            if (ours == null || now.isEmpty() || now.get().equals(ours) || now.get().equals(next)) {
                continue;
            }
            List<MainCf.Parameter> set = mainCf.parameters().stream().filter(p -> p.name().equals(name)).toList();
            txn.warnings.add(PostfixWarnings.of("postfix.handValueReplaced", set.get(set.size() - 1).line(), name,
                    layout.history()));
            txn.mainCfBefore = mainText;
        }
    }

    /** main.cf and master.cf as one {@code postfix reload} read them. */
    private record ConfigTexts(String main, String master) {
    }

    /**
     * main.cf and master.cf as the last successful {@code postfix reload} of this engine found them (the
     * {@code postfix} command parsed main.cf; the master re-read both); null until then and after a failed one.
     * Touched only under the {@link ApplyLock}.
     */
    private volatile ConfigTexts reloaded;

    /**
     * Tells the running master to re-read its configuration. While main.cf and master.cf are byte for byte
     * what the last {@code postfix reload} of this engine found (a change of the maps alone, no edit since, by the
     * panel or by hand), the master's SIGHUP is sent directly, the signal that command sends after its checks:
     * about 11 ms instead of 90-130. Otherwise (the first reload since the panel started, any change of either
     * file, a signal that could not be sent) {@code postfix reload} itself runs: a master signalled to re-read a
     * main.cf it cannot parse exits, where the command fails first and leaves the running master as it was.
     * What the signal alone skips: the script's log line and its {@code postsuper} queue checks, which a change of
     * main.cf (queue layout parameters) still gets.
     */
    private void reload(String pid, boolean postlogd, Txn txn) throws BackendException {
        if (postlogd && MasterProcess.stuckOnLog(pid)) {
            // neither the signal nor postfix reload (which logs first) would reach it: say so now, not in a minute
            throw new BackendException("reload", MasterProcess.stuckText(pid));
        }
        ConfigTexts now;
        try {
            now = new ConfigTexts(Files.readString(layout.mainCf(), StandardCharsets.UTF_8),
                    Files.readString(layout.masterCf(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BackendException("reload", "cannot read " + layout.configDir() + "'s main.cf or master.cf: " + e.getMessage(), e);
        }
        String signalProblem = null;
        if (now.equals(reloaded) && MasterProcess.isMaster(pid)) {
            Optional<String> problem = commands.hangUp(pid);
            if (problem.isEmpty()) {
                txn.steps.add("postfix reload (SIGHUP to master, pid " + pid
                        + "; main.cf and master.cf as the last postfix reload found them)");
                return;
            }
            signalProblem = problem.get();
        }
        reloaded = null;
        try {
            commands.reload(layout.configDir());
        } catch (BackendException e) {
            if (postlogd && MasterProcess.stuckOnLog(pid)) {
                throw new BackendException("reload", e.reason() + "; " + MasterProcess.stuckText(pid), e);
            }
            throw e;
        }
        reloaded = now;
        txn.steps.add(signalProblem == null ? "postfix reload"
                : "postfix reload (the master could not be signalled: " + signalProblem + ")");
    }

    // ---- SRS (postsrsd) ------------------------------------------------------------------------

    /**
     * SRS takes sender_canonical_maps and recipient_canonical_maps whole; canonical maps written by hand are
     * refused rather than saved away (they would stop working while SRS is on) or chained (postsrsd needs
     * sender_canonical_classes = envelope_sender, which would change what a hand-made table rewrites).
     */
    private static void refuseHandWrittenCanonicalMaps(MainCf mainCf, Map<String, String> params) throws BackendException {
        if (!params.containsKey(SrsRendering.PARAMETERS.get(0))) {
            return;
        }
        for (String name : SrsRendering.PARAMETERS) {
            List<Integer> lines = mainCf.handWrittenLines(name);
            if (!lines.isEmpty()) {
                throw new BackendException("validate", "main.cf line " + lines.get(0) + " sets " + name
                        + " by hand; SRS needs " + String.join(", ", SrsRendering.PARAMETERS) + " for postsrsd and does not"
                        + " chain hand-made canonical tables (their classes would change). Remove or comment out that line"
                        + " (canonical_maps stays yours), or leave SRS off.");
            }
        }
    }

    /**
     * While SRS is written: postsrsd must answer when SRS is turned on (else forwarded mail would wait in the
     * queue), and the table of senders left alone (the panel's domains) is rendered on a server-level or full
     * change. When SRS is not written, the table goes.
     */
    private void stageSrsExclusions(DesiredState desired, ChangeSet changes, Map<String, String> params,
                                    AppliedState previous, Txn txn) throws BackendException, IOException {
        Path file = layout.mapsDir().resolve(SrsRendering.EXCLUDE_FILE);
        String maps = SrsRendering.PARAMETERS.get(0);
        if (!params.containsKey(maps)) {
            if (Files.exists(file)) {
                txn.deleteLater(file);
                txn.steps.add(SrsRendering.EXCLUDE_FILE + ": removed (SRS off)");
            }
            return;
        }
        if (!previous.params().containsKey(maps)) {
            txn.step = "srs";
            Optional<String> problem = rendering.srs().problem(Duration.ofSeconds(3));
            if (problem.isPresent()) {
                throw new BackendException("srs", "SRS is on in the panel, and postsrsd must answer before it is written"
                        + " into Postfix: " + problem.get() + " (or turn SRS off)");
            }
            txn.steps.add("postsrsd answers on " + rendering.srs().forwardTable() + " and " + rendering.srs().reverseTable());
        }
        if (changes.full() || changes.server() || !Files.exists(file)) {
            txn.step = "render";
            byte[] text = SrsRendering.exclusions(desired);
            if (!Files.exists(file) || !Arrays.equals(Files.readAllBytes(file), text)) {
                txn.replaceLater(file, txn.stage(SrsRendering.EXCLUDE_FILE, text));
                txn.needsReload = true;
                txn.steps.add(SrsRendering.EXCLUDE_FILE + ": written (senders of the panel's domains are not rewritten)");
            }
        }
    }

    /**
     * Our tables are named in main.cf as {@code hash:DIR/smarthost/...}, in lists that Postfix splits
     * at whitespace and commas: a folder path holding either would be read as two broken entries.
     */
    static void requireUsableConfigDir(Layout layout) throws BackendException {
        String dir = layout.configDir().toString();
        if (dir.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == ',')) {
            throw new BackendException("config directory", "the Postfix configuration folder \"" + dir
                    + "\" contains a space or a comma; Postfix would split the table names in main.cf"
                    + " (hash:" + dir + "/smarthost/...) there. Set panel.ini [mail] "
                    + "smarthost.postfix.config_directory to a path without spaces or commas"
                    + " (a symbolic link without spaces to the folder will do).");
        }
    }

    private boolean mapsComplete() {
        return Arrays.stream(MapKind.values()).allMatch(k -> Files.isRegularFile(layout.map(k)) && Files.isRegularFile(layout.db(k)));
    }

    /** @param rebuild stage and postmap every map even when its text looks current (its .db may not be) */
    private void stageFullMaps(DesiredState desired, boolean enabled, boolean rebuild, Txn txn)
            throws BackendException, IOException {
        if (!enabled) {
            for (MapKind kind : MapKind.values()) {
                if (Files.exists(layout.map(kind)) || Files.exists(layout.db(kind))) {
                    txn.deleteLater(layout.map(kind));
                    txn.deleteLater(layout.db(kind));
                    txn.steps.add(kind.file() + ": removed");
                }
            }
            return;
        }
        long t1 = System.nanoTime();
        // streamed to the staging files: the rendered lines of 100,000 domains are never all in memory
        Map<MapKind, Path> rendered = new EnumMap<>(MapKind.class);
        Map<MapKind, java.io.OutputStream> streams = new EnumMap<>(MapKind.class);
        Map<MapKind, Long> entries;
        try {
            for (MapKind kind : MapKind.values()) {
                Path file = txn.stage(kind.file(), new byte[0]);
                rendered.put(kind, file);
                streams.put(kind, new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
            }
            entries = RelayRendering.writeMaps(desired, streams);
        } finally {
            for (java.io.OutputStream out : streams.values()) {
                out.close();
            }
        }
        long t2 = System.nanoTime();
        Map<MapKind, Path> staged = new EnumMap<>(MapKind.class);
        txn.step = "write";
        for (MapKind kind : MapKind.values()) {
            Path live = layout.map(kind);
            Path text = rendered.get(kind);
            if (!rebuild && Files.isRegularFile(layout.db(kind)) && Files.isRegularFile(live)
                    && Files.mismatch(text, live) == -1) {
                Files.delete(text);
                continue;
            }
            staged.put(kind, text);
        }
        long t3 = System.nanoTime();
        txn.step = "postmap";
        txn.parallel(staged.values().stream().<Txn.Task>map(file -> () -> commands.postmap(layout.configDir(), file)).toList());
        for (Map.Entry<MapKind, Path> e : staged.entrySet()) {
            MapKind kind = e.getKey();
            Path stagedDb = e.getValue().resolveSibling(kind.file() + ".db");
            PrivateFiles.file(stagedDb);
            txn.replaceLater(layout.map(kind), e.getValue());
            txn.replaceLater(layout.db(kind), stagedDb);
            txn.mapsReplaced = true;
            txn.mapsRebuilt.add(kind);
            txn.steps.add(kind.file() + ": rebuilt (" + entries.get(kind) + " entries, postmap)");
        }
        txn.steps.add(String.format("maps: validated and rendered in %d ms, compared and staged in %d ms, postmap in %d ms",
                (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (System.nanoTime() - t3) / 1_000_000));
    }

    void stageAndValidate(String mainText, String masterText, AppliedState state, boolean enabled, Txn txn)
            throws BackendException, IOException {
        txn.step = "write";
        Path conf = txn.stagingConf();
        Path stagedMain = conf.resolve("main.cf");
        Files.writeString(stagedMain, mainText, StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("master.cf"), masterText, StandardCharsets.UTF_8);
        backdate(stagedMain);
        txn.step = "postconf";
        List<String> ours = commands.postconfWarnings(conf).stream()
                .filter(w -> RelayRendering.MANAGED.stream()
                        .filter(n -> !SrsRendering.PARAMETERS.contains(n) || state.params().containsKey(n))
                        .anyMatch(w::contains)).toList();
        if (!ours.isEmpty()) {
            throw new BackendException("postconf", "Postfix warns about managed settings: " + String.join("; ", ours));
        }
        txn.step = "postfix check";
        commands.check(conf);
        txn.replaceLater(layout.mainCf(), stagedMain);
        txn.replaceLater(layout.masterCf(), conf.resolve("master.cf"));
        Path stagedState = txn.stage("applied.properties", state.bytes());
        if (enabled) {
            txn.replaceLater(layout.appliedState(), stagedState);
        } else {
            txn.deleteLater(layout.appliedState());
        }
        txn.needsReload = true;
        txn.steps.add("main.cf/master.cf updated and validated (postconf -n, postfix check)");
    }

    /** Per map, key -> new value (null: remove) for the named sender domains and the server login. */
    private Map<MapKind, Map<String, String>> incrementalEdits(DesiredState desired, ChangeSet changes,
                                                                AppliedState previous, AppliedState next)
            throws BackendException, IOException {
        Map<MapKind, Map<String, String>> edits = new EnumMap<>(MapKind.class);
        Map<MapKind, TextMap> maps = new EnumMap<>(MapKind.class);
        for (MapKind kind : MapKind.values()) {
            maps.put(kind, TextMap.open(layout.map(kind)));
            edits.put(kind, new LinkedHashMap<>());
        }
        for (String domain : changes.senderDomains()) {
            if (DesiredState.isSenderAddress(domain)) {
                senderEdits(desired, domain, maps, edits);
                continue;
            }
            SafeValues.checkSenderDomain(domain);
            Optional<Relay> relay = desired.domain(domain);
            if (relay.isPresent()) {
                SafeValues.checkRelay("relay of " + domain, relay.get());
            }
            // an IDN domain's Unicode key (@bücher.example) follows its ASCII one, with the same value
            String unicode = UnicodeKeys.ofDomain(domain);
            for (MapKind kind : MapKind.values()) {
                String want = relay.flatMap(r -> RelayRendering.domainEntry(kind, domain, r)).map(e -> e.value()).orElse(null);
                diff(maps.get(kind), edits.get(kind), "@" + domain, want);
                if (unicode != null) {
                    diff(maps.get(kind), edits.get(kind), unicode, want);
                }
            }
        }
        if (changes.server()) {
            Optional<String> login = desired.server().flatMap(s -> RelayRendering.serverEntry(MapKind.SASL_PASSWD, s)).map(e -> e.value());
            if (!previous.serverKey().isEmpty() && !previous.serverKey().equals(next.serverKey())) {
                diff(maps.get(MapKind.SASL_PASSWD), edits.get(MapKind.SASL_PASSWD), previous.serverKey(), null);
            }
            if (!next.serverKey().isEmpty()) {
                diff(maps.get(MapKind.SASL_PASSWD), edits.get(MapKind.SASL_PASSWD), next.serverKey(), login.orElse(null));
            }
        }
        edits.values().removeIf(Map::isEmpty);
        return edits;
    }

    /** The rows of one sender address (per-sender relays, 1.3): keyed by the address itself (and its Unicode form). */
    private static void senderEdits(DesiredState desired, String address, Map<MapKind, TextMap> maps,
                                    Map<MapKind, Map<String, String>> edits) throws BackendException, IOException {
        SafeValues.checkSenderAddress(address);
        Optional<Relay> relay = desired.sender(address);
        if (relay.isPresent()) {
            SafeValues.checkRelay("relay of " + address, relay.get());
        }
        String unicode = UnicodeKeys.of(address);
        for (MapKind kind : MapKind.values()) {
            String want = relay.flatMap(r -> RelayRendering.senderEntry(kind, address, r)).map(e -> e.value()).orElse(null);
            diff(maps.get(kind), edits.get(kind), address, want);
            if (unicode != null) {
                diff(maps.get(kind), edits.get(kind), unicode, want);
            }
        }
    }

    private static void diff(TextMap map, Map<String, String> edits, String key, String want) throws IOException {
        Optional<String> have = map.get(key);
        if (want == null ? have.isPresent() : !have.equals(Optional.of(want))) {
            edits.put(key, want);
        }
    }

    private static void reportDuplicates(MainCf mainCf, Txn txn) {
        mainCf.duplicates().forEach((name, numbers) -> {
            // "lines 33, 70", not Java's list syntax
            String lines = numbers.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
            if (RelayRendering.MANAGED.contains(name)) {
                txn.warnings.add(PostfixWarnings.of("postfix.duplicate.managed", name, numbers.size(), lines));
            } else {
                txn.warnings.add(PostfixWarnings.of("postfix.duplicate.other", name, numbers.size(), lines));
            }
        });
    }

    /**
     * main.cf lines Postfix cannot read: not blank, no comment, no continuation (a line starting with a space), and
     * no {@code =}. Every Postfix command then fails, and a change written in place (no command run) said "Applied"
     * without a word (a hostile tester appended a line of garbage to main.cf).
     */
    private static void reportUnreadable(String mainText, Txn txn) {
        List<String> bad = new java.util.ArrayList<>();
        String[] lines = mainText.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || Character.isWhitespace(line.charAt(0)) || line.startsWith("#") || line.indexOf('=') >= 0) {
                continue;
            }
            bad.add(Integer.toString(i + 1));
        }
        if (!bad.isEmpty()) {
            txn.warnings.add(PostfixWarnings.of("postfix.unreadable", String.join(", ", bad.subList(0, Math.min(10, bad.size())))
                    + (bad.size() > 10 ? ", ..." : "")));
        }
    }

    private String read(Path file) throws BackendException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendException("read", "cannot read " + file + ": " + e.getMessage()
                    + " (smarthost.postfix.config_directory must be a Postfix configuration folder with main.cf and master.cf)", e);
        }
    }

    /** Postfix re-reads a main.cf younger than about a second on every command: make it older. */
    static void backdate(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(10)));
    }

    /** What we wrote into main.cf last time, to tell our values from values written by hand. */
    record AppliedState(Map<String, String> params, String serverKey) {

        static AppliedState read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return new AppliedState(Map.of(), "");
            }
            Properties p = new Properties();
            // UTF-8 like bytes() writes it (an older Latin-1 file reads as "changed" and is rewritten)
            try (var in = new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
                p.load(in);
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (String name : RelayRendering.MANAGED) {
                if (p.getProperty("param." + name) != null) {
                    params.put(name, p.getProperty("param." + name));
                }
            }
            return new AppliedState(params, p.getProperty("server.key", ""));
        }

        byte[] bytes() {
            StringBuilder sb = new StringBuilder("# What the smarthost feature wrote into main.cf at its last apply\n");
            RelayRendering.MANAGED.forEach(n -> {
                if (params.containsKey(n)) {
                    sb.append("param.").append(n).append('=').append(escape(params.get(n))).append('\n');
                }
            });
            sb.append("server.key=").append(escape(serverKey)).append('\n');
            // UTF-8, read back with a UTF-8 Reader: a folder or host name outside Latin-1 survives
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Escapes a value for {@link Properties#load(java.io.Reader)}, so it reads back exactly. */
        static String escape(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\', ':', '=', '#', '!' -> out.append('\\').append(c);
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\f' -> out.append("\\f");
                    case ' ' -> out.append(i == 0 ? "\\ " : " ");
                    default -> out.append(c);
                }
            }
            return out.toString();
        }
    }
}
