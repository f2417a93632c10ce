package io.smarthost.panel.host.ini;

import io.smarthost.panel.api.IniType;
import io.smarthost.panel.api.services.PanelIni;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <home>/panel.ini} as the panel sees it: re-read when the file's modification time or size
 * changed (checked at most every 500 ms, so a hot page does not stat the file on every call), or on
 * {@link #reload()} ({@code panel bin settings --reload-ini}), and checked against the declared keys
 * ({@link IniSchema}) each time it is read and each time the set of declaring plugins changes
 * ({@link #schemaChanged()}). The problems are one list, {@link #report()}, the same for the CLI, the
 * pages and the log; each problem is logged when it first appears. A value its declared type refuses
 * reads as absent, so every reader gets the default, never the bad value.
 */
public final class LivePanelIni implements PanelIni {

    private static final Logger LOG = LoggerFactory.getLogger(LivePanelIni.class);
    private static final long CHECK_EVERY_NANOS = 500_000_000L;

    /** One read of the file checked against one schema. */
    private record Snapshot(IniFile file, IniSchema schema, List<IniProblem> problems) {

        Optional<String> get(String section, String key) {
            return file.get(section, key).filter(value -> schema.find(section, key)
                    .map(declared -> declared.key().type().accepts(value)).orElse(true));
        }
    }

    private final Path file;
    private volatile Supplier<IniSchema> schema;
    private volatile Snapshot current;
    private volatile String stamp = "";
    private volatile long lastCheck;
    /** What was last logged, so that a problem is logged once, when it appears. */
    private Set<String> logged = Set.of();
    /** Bad values of undeclared keys seen by getBoolean/getInt since the last read: logged once each. */
    private final Set<String> readProblems = ConcurrentHashMap.newKeySet();

    /** The file checked against the host's own keys only (until {@link #useSchema}). */
    public LivePanelIni(Path file) {
        this(file, () -> IniSchema.of(Map.of(io.smarthost.panel.host.plugins.PanelPluginManager.HOST_ID, HostIniKeys.ALL)));
    }

    public LivePanelIni(Path file, Supplier<IniSchema> schema) {
        this.file = file;
        this.schema = schema;
        reload();
    }

    /** From now on check against {@code schema} (asked again at each read and {@link #schemaChanged()}); checks now. */
    public synchronized void useSchema(Supplier<IniSchema> newSchema) {
        this.schema = newSchema;
        schemaChanged();
    }

    /** The declared keys changed (a plugin started or stopped): check the current read again. */
    public synchronized void schemaChanged() {
        current = check(current.file());
        logNew();
    }

    /** Re-reads the file now, checks it and logs the problems not logged before; returns them all. */
    public synchronized List<IniProblem> reload() {
        stamp = stampOf(file);
        current = check(IniFile.read(file));
        readProblems.clear();
        lastCheck = System.nanoTime();
        logNew();
        return current.problems();
    }

    /** Everything wrong in the file now, in line order: malformed lines, unknown keys, refused values. */
    public List<IniProblem> report() {
        return fresh().problems();
    }

    /** The declared keys the file is checked against now. */
    public IniSchema schema() {
        return fresh().schema();
    }

    private Snapshot check(IniFile read) {
        IniSchema declared = schema.get();
        List<IniProblem> all = new ArrayList<>(read.problems());
        all.addAll(declared.check(read));
        all.sort(Comparator.comparingInt(IniProblem::line));
        return new Snapshot(read, declared, List.copyOf(all));
    }

    private void logNew() {
        Set<String> now = new HashSet<>();
        for (IniProblem problem : current.problems()) {
            String text = problem.toString();
            now.add(text);
            if (!logged.contains(text)) {
                LOG.warn("{}", text);
            }
        }
        logged = now;
    }

    private Snapshot fresh() {
        long now = System.nanoTime();
        if (now - lastCheck > CHECK_EVERY_NANOS) {
            lastCheck = now;
            if (!stampOf(file).equals(stamp)) {
                reload();
            }
        }
        return current;
    }

    private static String stampOf(Path file) {
        try {
            FileTime time = Files.getLastModifiedTime(file);
            return time.toMillis() + "/" + Files.size(file);
        } catch (IOException e) {
            return "missing";
        }
    }

    /** The value; empty when absent or when its declared type refuses it (the reader's default applies). */
    @Override
    public Optional<String> get(String section, String key) {
        return fresh().get(section, key);
    }

    @Override
    public boolean getBoolean(String section, String key, boolean defaultValue) {
        Optional<String> raw = get(section, key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Optional<Boolean> value = IniType.Bool.parse(raw.get());
        if (value.isEmpty()) {
            readProblem(section, key, raw.get(), new IniType.Bool(), String.valueOf(defaultValue));
        }
        return value.orElse(defaultValue);
    }

    @Override
    public int getInt(String section, String key, int defaultValue, int min, int max) {
        Optional<String> raw = get(section, key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        IniType.Int range = new IniType.Int(min, max);
        if (!range.accepts(raw.get())) {
            readProblem(section, key, raw.get(), range, String.valueOf(defaultValue));
            return defaultValue;
        }
        return Integer.parseInt(raw.get().strip());
    }

    /** A bad value of a key nobody declared (or declared wider than its reader reads it): logged, not listed. */
    private void readProblem(String section, String key, String value, IniType type, String defaultValue) {
        String text = file.getFileName() + ": [" + section + "] " + key + ": " + IniSchema.shown(value) + " is not allowed: "
                + type.allowed() + "; the default (" + defaultValue + ") applies";
        if (readProblems.add(text)) {
            LOG.warn("{} (the key is not declared by the plugin reading it, so only this log says so)", text);
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public List<String> problems() {
        return report().stream().map(IniProblem::toString).toList();
    }
}
