package io.smarthost.ui;

import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.SettingsForm;
import io.smarthost.core.service.SmarthostRuntime;
import io.smarthost.panel.api.services.HostServices;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings forms of the plugin's mail server backends ({@link MailBackend#settingsForm()}), found for
 * the server page and {@code panel bin smarthost --backend-login}: the UI renders what a backend asks for
 * and knows none by name.
 */
public final class BackendForms {

    private BackendForms() {
    }

    /** The backend panel.ini selects now, when it needs settings of its own. */
    public static Optional<MailBackend> selected(HostServices host) {
        return SmarthostRuntime.selection(host).backend().filter(BackendForms::hasForm);
    }

    /** The installed backend of this id, when it needs settings of its own. */
    public static Optional<MailBackend> named(HostServices host, String id) {
        return all(host).stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** The installed backends that need settings of their own, in preference order. */
    public static List<MailBackend> all(HostServices host) {
        return SmarthostRuntime.backends(host).stream().filter(BackendForms::hasForm).toList();
    }

    /** {@code text} in {@code locale}: the plugin's translation of its key, else the backend's English. */
    public static String text(HostServices host, Locale locale, SettingsForm.Text text, Object... args) {
        String translated = host.messages().get(locale, text.key(), args);
        return translated.equals(text.key()) ? text.format(args) : translated;
    }

    private static boolean hasForm(MailBackend backend) {
        return backend.settingsForm().isPresent();
    }
}
