package io.smarthost.core.service;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.BackendSelection;
import io.smarthost.core.backend.BackendSelector;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.panel.api.services.HostServices;
import java.util.List;

/**
 * The installed mail server backends and the choice among them ({@code panel.ini [mail]
 * smarthost.backend}). Choosing may probe the file system ({@link MailBackend#detect()}), so the
 * service chooses once per public call and passes the {@link BackendSelection} on.
 */
final class Backends {
    private final HostServices host;
    private final List<MailBackend> installed;

    Backends(HostServices host, List<MailBackend> installed) {
        this.host = host;
        this.installed = List.copyOf(installed);
    }

    /** The backend to use now, read from panel.ini each time (the file is re-read when it changes). */
    BackendSelection select() {
        return BackendSelector.select(host.ini().get(BackendSelector.INI_SECTION, BackendSelector.INI_KEY, "auto"),
                installed);
    }

    /** The selected backend, or a failure at step {@code select backend} saying why there is none. */
    static MailBackend require(BackendSelection sel) {
        return sel.backend().orElseThrow(() -> new RelayApplyException("select backend",
                sel.problem().orElse("no mail server backend"), null));
    }

    /** A backend's refusal as the service reports it: the backend's step, and its reason without the step repeated. */
    static RelayApplyException failure(BackendException e) {
        String prefix = e.step() + ": ";
        String message = e.getMessage() == null ? "" : e.getMessage();
        return new RelayApplyException(e.step(), message.startsWith(prefix) ? message.substring(prefix.length())
                : message, e);
    }
}
