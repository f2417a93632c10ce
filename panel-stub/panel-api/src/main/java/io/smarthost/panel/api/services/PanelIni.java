package io.smarthost.panel.api.services;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Read access to {@code panel.ini}: {@code [section]} headers, {@code key = value} lines,
 * {@code ;} and {@code #} comments. Section and key names are case-insensitive. Every call reflects
 * the file as last (re)loaded; malformed lines are ignored (their keys keep the caller's default)
 * and reported by {@link #problems()}.
 *
 * @since 1.0
 */
public interface PanelIni {

    Optional<String> get(String section, String key);

    default String get(String section, String key, String defaultValue) {
        return get(section, key).orElse(defaultValue);
    }

    /**
     * {@code true/false/on/off/yes/no/1/0}; any other value gives the default and is listed in
     * {@link #problems()}.
     */
    boolean getBoolean(String section, String key, boolean defaultValue);

    /** An integer within [min, max]; otherwise the default (and a problem is listed). */
    int getInt(String section, String key, int defaultValue, int min, int max);

    Path file();

    /** What was wrong in the file: {@code panel.ini:12: missing '=' in "foo"}. */
    List<String> problems();
}
