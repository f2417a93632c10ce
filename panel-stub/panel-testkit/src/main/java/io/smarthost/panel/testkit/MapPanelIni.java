package io.smarthost.panel.testkit;

import io.smarthost.panel.api.services.PanelIni;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@code panel.ini} values set by the test ({@code set("mail", "smarthost.backend", "postfix")}). */
public final class MapPanelIni implements PanelIni {
    private final Map<String, String> values = new ConcurrentHashMap<>();

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
        try {
            return get(section, key).map(Integer::parseInt).filter(v -> v >= min && v <= max).orElse(defaultValue);
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    @Override
    public Path file() {
        return Path.of("panel.ini");
    }

    @Override
    public List<String> problems() {
        return List.of();
    }
}
