package io.smarthost.panel.host.store;

import io.smarthost.panel.api.services.PanelSettings;
import io.smarthost.panel.host.db.Jdbc;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Panel-wide settings in the {@code panel_settings} table. Known keys are validated; read through
 * on every call so that a change made by {@code panel bin settings} shows at once in a running panel.
 */
public final class DbPanelSettings implements PanelSettings {

    public static final String RESTRICTED_MODE = "restricted_mode";
    private static final Set<String> BOOLEAN_KEYS = Set.of(RESTRICTED_MODE);
    private static final Set<String> KNOWN = Set.of(RESTRICTED_MODE, "panel_name", "default_language");

    private final Jdbc jdbc;

    public DbPanelSettings(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean restrictedMode() {
        return get(RESTRICTED_MODE).map(Boolean::parseBoolean).orElse(false);
    }

    @Override
    public Optional<String> get(String key) {
        return jdbc.one("select val from panel_settings where name = ?", rs -> rs.getString(1), key);
    }

    /** @throws IllegalArgumentException naming the key and what is allowed */
    public void set(String key, String value) {
        if (!KNOWN.contains(key)) {
            throw new IllegalArgumentException("unknown setting '" + key + "'; known settings: " + new java.util.TreeSet<>(KNOWN));
        }
        if (BOOLEAN_KEYS.contains(key) && !value.equals("true") && !value.equals("false")) {
            // the word is not repeated: it may be a secret typed in the wrong place, and errors reach logs
            throw new IllegalArgumentException(key + " must be true or false (the value given is neither; it is not repeated)");
        }
        if (key.equals("default_language") && !value.equals("en") && !value.equals("fr")) {
            throw new IllegalArgumentException("default_language must be en or fr, not '" + value + "'");
        }
        jdbc.upsert("panel_settings", List.of("name"), List.of("name", "val"), key, value);
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
