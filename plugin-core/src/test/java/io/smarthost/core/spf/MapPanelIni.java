package io.smarthost.core.spf;

import io.smarthost.panel.api.services.PanelIni;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code panel.ini} values for tests, with the contract's rules for integers (range, default, problem). */
final class MapPanelIni implements PanelIni {

    private final Map<String, String> values = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    MapPanelIni set(String section, String key, String value) {
        values.put(k(section, key), value);
        return this;
    }

    @Override
    public Optional<String> get(String section, String key) {
        return Optional.ofNullable(values.get(k(section, key)));
    }

    @Override
    public boolean getBoolean(String section, String key, boolean defaultValue) {
        return get(section, key).map(v -> v.equalsIgnoreCase("true")).orElse(defaultValue);
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

    private static String k(String section, String key) {
        return (section + "/" + key).toLowerCase(Locale.ROOT);
    }
}
