package io.smarthost.panel.testkit;

import io.smarthost.panel.api.services.PanelIni;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code panel.ini} values set by the test ({@code set("mail", "smarthost.backend", "postfix")}), read
 * with the contract's rules: an integer out of range or not an integer gives the default and is
 * reported in {@link #problems()}.
 */
public final class MapPanelIni implements PanelIni {
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    public MapPanelIni set(String section, String key, String value) {
        values.put(id(section, key), value);
        return this;
    }

    private static String id(String section, String key) {
        return (section + "\u0000" + key).toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<String> get(String section, String key) {
        return Optional.ofNullable(values.get(id(section, key)));
    }

    @Override
    public boolean getBoolean(String section, String key, boolean defaultValue) {
        return get(section, key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> defaultValue;
        }).orElse(defaultValue);
    }

    @Override
    public int getInt(String section, String key, int defaultValue, int min, int max) {
        Optional<String> v = get(section, key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.get().strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(key + ": not an integer in [" + min + ", " + max + "]");
        return defaultValue;
    }

    @Override
    public Path file() {
        return Path.of("panel.ini");
    }

    @Override
    public List<String> problems() {
        return List.copyOf(problems);
    }
}
