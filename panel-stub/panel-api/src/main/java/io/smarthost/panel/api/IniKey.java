package io.smarthost.panel.api;

import java.util.List;
import java.util.Objects;

/**
 * One declared {@code panel.ini} key (see {@link IniKeys}).
 *
 * @param section      the {@code [section]}, e.g. {@code mail}; compared case-insensitively
 * @param name         the key, e.g. {@code smarthost.server.enabled}; compared case-insensitively
 * @param type         what values are allowed
 * @param defaultValue what applies when the key is absent or its value is refused; empty when "unset" is
 *                     itself the default (the description then says what that means)
 * @param description  one line for people: what the key does (English)
 * @since 1.0
 */
public record IniKey(String section, String name, IniType type, String defaultValue, String description) {

    public IniKey {
        requireName("section", section);
        requireName("name", name);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        if (!type.accepts(defaultValue)) {
            throw new IllegalArgumentException("[" + section + "] " + name + ": the default \"" + defaultValue
                    + "\" is not allowed by its own type (" + type.allowed() + ")");
        }
    }

    /** {@code true/false} (also on/off, yes/no, 1/0). */
    public static IniKey bool(String section, String name, boolean defaultValue, String description) {
        return new IniKey(section, name, new IniType.Bool(), String.valueOf(defaultValue), description);
    }

    /** A whole number from {@code min} to {@code max}. */
    public static IniKey integer(String section, String name, int defaultValue, int min, int max, String description) {
        return new IniKey(section, name, new IniType.Int(min, max), String.valueOf(defaultValue), description);
    }

    /** One of {@code values} (case-insensitive). */
    public static IniKey oneOf(String section, String name, String defaultValue, List<String> values, String description) {
        return new IniKey(section, name, new IniType.OneOf(values), defaultValue, description);
    }

    /** Any other type (text, path, URL, host name, host:port, port list...). */
    public static IniKey of(String section, String name, IniType type, String defaultValue, String description) {
        return new IniKey(section, name, type, defaultValue, description);
    }

    /** {@code [section] name}, as messages name a key. */
    public String label() {
        return "[" + section + "] " + name;
    }

    private static void requireName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || !value.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) {
            throw new IllegalArgumentException(what + " \"" + value + "\": letters, digits, . _ - only");
        }
    }
}
