package io.smarthost.ui.web;

import io.smarthost.core.service.BackupSettings;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.validation.BackupInput;
import io.smarthost.panel.api.Secret;
import io.smarthost.ui.input.FieldRules;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The "Backup relay (optional)" fields of the smarthost form, as text. Its own password is never shown
 * again; a blank one keeps the stored password (for the same backup host and user name only).
 *
 * @param host     backup host as typed; blank: no backup relay
 * @param port     blank: the port after the host, else the relay's
 * @param login    {@code same} or {@code own}
 * @param username its own login name
 * @since 1.3
 */
record BackupForm(String host, String port, String login, String username) {

    BackupForm {
        host = host == null ? "" : host;
        port = port == null ? "" : port;
        login = login == null || login.isEmpty() ? BackupSettings.BackupLogin.SAME : login;
        username = username == null ? "" : username;
    }

    /** The stored backup as the form shows it. */
    static BackupForm of(Optional<RelaySettings> stored) {
        return stored.flatMap(RelaySettings::backup).map(b -> new BackupForm(b.address().hostField(true),
                String.valueOf(b.address().port()), b.loginChoice(), b.username())).orElse(new BackupForm("", "", "", ""));
    }

    /** What the browser posted, by the same rules as a REST body. */
    static BackupForm from(MultivaluedMap<String, String> form, BiConsumer<String, FieldRules.Problem> refuse) {
        return new BackupForm(text(form, "backupHost", refuse), text(form, "backupPort", refuse),
                text(form, "backupLogin", refuse), text(form, "backupUsername", refuse));
    }

    /** The input for the service; null when every backup field is blank (no backup relay). */
    BackupInput toInput(Optional<Secret> password) {
        boolean own = BackupSettings.BackupLogin.OWN.equals(login.strip());
        if (host.isBlank() && port.isBlank() && !own && password.isEmpty()) {
            return null;
        }
        return new BackupInput(host, port, login, own ? username : null, own ? password.orElse(null) : null);
    }

    /** Whether the section should start open: a backup is set or being typed. */
    boolean filled() {
        return !host.isBlank() || !port.isBlank();
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new HashMap<>();
        m.put("host", host);
        m.put("port", port);
        m.put("login", login);
        m.put("username", username);
        m.put("filled", filled());
        return m;
    }

    private static String text(MultivaluedMap<String, String> form, String name, BiConsumer<String, FieldRules.Problem> refuse) {
        String value = FieldRules.text(name, FieldRules.FormText.of(form.getFirst(name)), false, refuse);
        return value == null ? "" : value;
    }
}
