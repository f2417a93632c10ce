package io.smarthost.panel.api.services;

import io.smarthost.panel.api.IniKey;
import io.smarthost.panel.api.IniType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Read access to {@code panel.ini}: {@code [section]} headers, {@code key = value} lines,
 * {@code ;} and {@code #} comments. Section and key names are case-insensitive. Every call reflects
 * the file as last (re)loaded; malformed lines are ignored (their keys keep the caller's default)
 * and reported by {@link #problems()}.
 *
 * <p>Keys declared through {@link io.smarthost.panel.api.IniKeys} are checked by the host: a value its
 * {@link IniType} refuses reads as absent (so the declared default applies, never the bad value) and is
 * listed by {@link #problems()}, as is an undeclared key in a section someone declares keys in. Read
 * declared keys with the {@link IniKey} methods so that the default used is the one declared.
 *
 * @since 1.0
 */
public interface PanelIni {

    Optional<String> get(String section, String key);

    default String get(String section, String key, String defaultValue) {
        return get(section, key).orElse(defaultValue);
    }

    /**
     * {@code true/false/on/off/yes/no/1/0}; any other value gives the default (listed in
     * {@link #problems()} when the key is declared, logged otherwise).
     */
    boolean getBoolean(String section, String key, boolean defaultValue);

    /** An integer within [min, max]; otherwise the default (listed or logged as for booleans). */
    int getInt(String section, String key, int defaultValue, int min, int max);

    /** The value of a declared key; empty when absent or refused by its type. @since 1.0 */
    default Optional<String> get(IniKey key) {
        return get(key.section(), key.name());
    }

    /** The value of a declared key, or its declared default. @since 1.0 */
    default String value(IniKey key) {
        return get(key).orElse(key.defaultValue());
    }

    /** A declared {@link IniType.Bool} key, or its declared default. @since 1.0 */
    default boolean getBoolean(IniKey key) {
        return getBoolean(key.section(), key.name(), IniType.Bool.parse(key.defaultValue()).orElseThrow(
                () -> new IllegalArgumentException(key.label() + " is not a boolean key")));
    }

    /** A declared {@link IniType.Int} key, or its declared default. @since 1.0 */
    default int getInt(IniKey key) {
        if (!(key.type() instanceof IniType.Int range)) {
            throw new IllegalArgumentException(key.label() + " is not a whole-number key");
        }
        return getInt(key.section(), key.name(), Integer.parseInt(key.defaultValue()), range.min(), range.max());
    }

    Path file();

    /**
     * Everything wrong in the file, one line each, the same list the CLI, the dashboard and Tools &amp;
     * Settings show: {@code panel.ini:12: missing '=' in "foo"},
     * {@code panel.ini:3: smarthost.server.enabled: "ture" is not allowed ...; the default (true) applies}.
     */
    List<String> problems();
}
