package io.smarthost.panel.api.services;

import java.util.Optional;

/**
 * Panel-wide settings kept in the panel's database ({@code panel bin settings --set KEY=VALUE}).
 *
 * @since 1.0
 */
public interface PanelSettings {

    /**
     * Restricted mode: the panel limits what can be changed; features that honour it (the smarthost
     * plugin does) hide themselves entirely while it is on.
     */
    boolean restrictedMode();

    Optional<String> get(String key);

    /**
     * What the administrator chose for customer {@code login} and the permission {@code name} (a
     * {@link io.smarthost.panel.api.CustomerPermission}), or empty when they never chose: the
     * permission's default applies.
     *
     * @since 1.2
     */
    default Optional<Boolean> customerPermission(String login, String name) {
        return get(permissionKey(login, name)).map(Boolean::parseBoolean);
    }

    /** The settings key of a customer's permission: {@code permission.NAME.LOGIN}. @since 1.2 */
    static String permissionKey(String login, String name) {
        return "permission." + name + "." + login;
    }
}
