package io.smarthost.core.service;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.MailNodes;
import io.smarthost.panel.api.services.HostServices;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Setting up and synchronising mail server nodes ({@link MailNodes}) from the panel's settings: each runs
 * under the apply lock shared with every change (in this process and others), in one store transaction,
 * so a node applies the same server-wide generation that it records.
 */
public final class NodeCommands {
    private final HostServices host;

    public NodeCommands(HostServices host) {
        this.host = MemberRows.wrap(host);
    }

    /** The selected backend's nodes, or why there are none. */
    public MailNodes nodes() throws BackendException {
        MailBackend backend = SmarthostRuntime.selection(host).backend().orElseThrow(() ->
                new BackendException("nodes", "no mail server backend is selected"));
        return backend.nodes().orElseThrow(() -> new BackendException("nodes", backend.displayName()
                + " does not serve its maps to nodes: set [mail] smarthost.postfix.maps = pgsql (with the panel's"
                + " database on PostgreSQL)"));
    }

    public List<String> setup(Path configDirectory, Optional<String> name) throws BackendException {
        MailNodes nodes = nodes();
        return locked(() -> host.store().inTransaction(tx ->
                nodes.setup(configDirectory, name, new StoreDesiredState(tx, host.domains()))));
    }

    public List<String> sync(Path configDirectory) throws BackendException {
        MailNodes nodes = nodes();
        return locked(() -> host.store().inTransaction(tx -> nodes.sync(configDirectory, new StoreDesiredState(tx, host.domains()))));
    }

    private <T> T locked(io.smarthost.panel.api.services.SettingsStore.Exclusive<T, BackendException> work) throws BackendException {
        return host.store().exclusively(StoreKeys.APPLY_LOCK, work);
    }
}
