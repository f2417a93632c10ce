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
}
