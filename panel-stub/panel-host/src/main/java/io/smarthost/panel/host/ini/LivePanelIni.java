package io.smarthost.panel.host.ini;

import io.smarthost.panel.api.services.PanelIni;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <home>/panel.ini} as the panel sees it: re-read when the file's modification time or size
 * changed (checked at most every 500 ms, so a hot page does not stat the file on every call), or on
 * {@link #reload()} ({@code panel bin settings --reload-ini}). Problems are logged once per reload.
 */
public final class LivePanelIni implements PanelIni {

    private static final Logger LOG = LoggerFactory.getLogger(LivePanelIni.class);
    private static final long CHECK_EVERY_NANOS = 500_000_000L;
    private static final Set<String> TRUE = Set.of("true", "on", "yes", "1");
    private static final Set<String> FALSE = Set.of("false", "off", "no", "0");

    private final Path file;
    private volatile IniFile current;
    private volatile String stamp = "";
    private volatile long lastCheck;
    /** Value problems (bad booleans/ints) seen since the last reload; keyed to report each once. */
    private final Set<String> valueProblems = ConcurrentHashMap.newKeySet();

    public LivePanelIni(Path file) {
        this.file = file;
        reload();
    }

    /** Re-reads the file now and logs what is wrong in it. */
    public synchronized IniFile reload() {
        stamp = stampOf(file);
        current = IniFile.read(file);
        valueProblems.clear();
        lastCheck = System.nanoTime();
        current.problems().forEach(p -> LOG.warn("{} (default used)", p));
        return current;
    }

    private IniFile fresh() {
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
        String value = raw.get().toLowerCase(Locale.ROOT);
        if (TRUE.contains(value)) {
            return true;
        }
        if (FALSE.contains(value)) {
            return false;
        }
        valueProblem(section, key, "\"" + raw.get() + "\" is not a boolean (use true/false, on/off, 1/0)");
        return defaultValue;
    }

    @Override
    public int getInt(String section, String key, int defaultValue, int min, int max) {
        Optional<String> raw = get(section, key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get().strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below like an out-of-range value
        }
        valueProblem(section, key, "\"" + raw.get() + "\" is not a whole number between " + min + " and " + max);
        return defaultValue;
    }

    private void valueProblem(String section, String key, String why) {
        String text = file.getFileName() + ": [" + section + "] " + key + ": " + why;
        if (valueProblems.add(text)) {
            LOG.warn("{}; default used", text);
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public List<String> problems() {
        List<String> all = new ArrayList<>(fresh().problems());
        all.addAll(valueProblems);
        return all;
    }
}
