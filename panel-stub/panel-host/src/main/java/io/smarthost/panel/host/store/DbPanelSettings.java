package io.smarthost.panel.host.store;

import io.smarthost.panel.api.services.PanelSettings;
import io.smarthost.panel.host.db.Jdbc;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Panel-wide settings in the {@code panel_settings} table. Known keys are validated; read through
 * on every call so that a change made by {@code panel bin settings} shows at once in a running panel.
 */
public final class DbPanelSettings implements PanelSettings {

    public static final String RESTRICTED_MODE = "restricted_mode";
    public static final String PANEL_NAME = "panel_name";
    public static final String DEFAULT_LANGUAGE = "default_language";
    /** The longest panel name, in characters: it heads every page and the browser's tab. */
    public static final int PANEL_NAME_MAX = 60;
    /** The settings {@link #set} takes, each with what it accepts (said when a key is refused). */
    public static final Map<String, String> SETTABLE = Map.of(
            RESTRICTED_MODE, "true|false",
            PANEL_NAME, "the name the pages show, up to " + PANEL_NAME_MAX + " characters; empty: the default",
            DEFAULT_LANGUAGE, "en|fr, for visitors whose browser asks for neither");

    private final Jdbc jdbc;

    public DbPanelSettings(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean restrictedMode() {
        return get(RESTRICTED_MODE).map(Boolean::parseBoolean).orElse(false);
    }

    /** The name the pages show instead of the default one, if an administrator set it. */
    public Optional<String> panelName() {
        return get(PANEL_NAME).filter(n -> !n.isBlank());
    }

    /** The language of a visitor who has not chosen one and whose browser asks for neither English nor French. */
    public String defaultLanguage() {
        return get(DEFAULT_LANGUAGE).filter(l -> l.equals("en") || l.equals("fr")).orElse("en");
    }

    @Override
    public Optional<String> get(String key) {
        return jdbc.one("select val from panel_settings where name = ?", rs -> rs.getString(1), key);
    }

    /**
     * Sets one of {@link #SETTABLE}; an empty {@code panel_name} takes the setting out (the default name again).
     *
     * @throws IllegalArgumentException naming the key and what is allowed, never repeating the value (it may be a
     *                                  secret typed in the wrong place, and errors reach logs)
     */
    public void set(String key, String value) {
        if (!SETTABLE.containsKey(key)) {
            throw new IllegalArgumentException(refusal(key));
        }
        if (key.equals(RESTRICTED_MODE) && !value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false (the value given is neither; it is not repeated)");
        }
        if (key.equals(DEFAULT_LANGUAGE) && !value.equals("en") && !value.equals("fr")) {
            throw new IllegalArgumentException(key + " must be en or fr (the value given is neither; it is not repeated)");
        }
        if (key.equals(PANEL_NAME)) {
            value = value.strip();
            if (value.codePointCount(0, value.length()) > PANEL_NAME_MAX) {
                throw new IllegalArgumentException(key + " must be at most " + PANEL_NAME_MAX + " characters (the value given"
                        + " has " + value.codePointCount(0, value.length()) + "; it is not repeated)");
            }
            if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR)) {
                throw new IllegalArgumentException(key + " must be one line of text without control characters (the value"
                        + " given has one; it is not repeated)");
            }
            if (value.isEmpty()) {
                jdbc.update("delete from panel_settings where name = ?", key);
                return;
            }
        }
        jdbc.upsert("panel_settings", List.of("name"), List.of("name", "val"), key, value);
    }

    /** Why {@code key} cannot be set, naming it (never a value) and the keys that can. */
    static String refusal(String key) {
        String settable = "settings that can be set: " + String.join(", ", new java.util.TreeMap<>(SETTABLE).entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue() + ")").toList());
        if (key.startsWith("permission.")) {
            return "'" + key + "' is a customer's permission, set with panel bin user --update LOGIN -PERMISSION true|false; "
                    + settable;
        }
        return "unknown setting '" + key + "'" + io.smarthost.panel.api.CliSuggest.didYouMean(key, SETTABLE.keySet(), "")
                + "; " + settable;
    }

    /** Allows or denies customer {@code login} a {@link io.smarthost.panel.api.CustomerPermission} (checked by the caller). */
    public void setCustomerPermission(String login, String name, boolean allowed) {
        jdbc.upsert("panel_settings", List.of("name"), List.of("name", "val"),
                PanelSettings.permissionKey(login, name), String.valueOf(allowed));
    }

    public Map<String, String> all() {
        Map<String, String> out = new TreeMap<>();
        jdbc.query("select name, val from panel_settings", rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }
}
