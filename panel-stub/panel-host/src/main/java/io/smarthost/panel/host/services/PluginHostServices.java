package io.smarthost.panel.host.services;

import io.smarthost.panel.api.RequestContext;
import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.api.services.CommandRunner;
import io.smarthost.panel.api.services.DnsZones;
import io.smarthost.panel.api.services.Domains;
import io.smarthost.panel.api.services.HostServices;
import io.smarthost.panel.api.services.Messages;
import io.smarthost.panel.api.services.PanelIni;
import io.smarthost.panel.api.services.PanelInfo;
import io.smarthost.panel.api.services.PanelSettings;
import io.smarthost.panel.api.services.SecretBox;
import io.smarthost.panel.api.services.SettingsStore;
import java.util.Optional;

/**
 * The {@link HostServices} of one run of a plugin: shared panel services plus the plugin's own store, log,
 * messages and context (closed by the panel when the plugin stops).
 */
public record PluginHostServices(String pluginId, PanelInfo panel, PanelIni ini, PanelSettings settings, Domains domains,
                                 SettingsStore store, SecretBox secrets, CommandRunner commands, ActionLog actionLog,
                                 DnsZones dns, Messages messages, HostPluginContext context,
                                 io.smarthost.panel.host.plugins.PanelPluginManager plugins) implements HostServices {

    @Override
    public <T> T asRequest(RequestContext request, java.util.function.Supplier<T> work) {
        Optional<RequestContext> before = CurrentRequest.get();
        CurrentRequest.set(request);
        try {
            return work.get();
        } finally {
            before.ifPresentOrElse(CurrentRequest::set, CurrentRequest::clear);
        }
    }

    @Override
    public Optional<RequestContext> currentRequest() {
        return CurrentRequest.get();
    }

    @Override
    public <T> java.util.List<T> extensions(Class<T> type) {
        return plugins.extensionsOf(type, pluginId);
    }

    @Override
    public String toString() {
        return "HostServices[" + pluginId + "]";
    }
}
