package io.smarthost.panel.api;

import java.util.Locale;
import java.util.Objects;

/**
 * The user a request or CLI command runs as. The CLI runs as the built-in administrator.
 *
 * @param login  login name, unique
 * @param role   role
 * @param locale the language the user chose (English or French); pages and messages use it
 * @since 1.0
 */
public record PanelUser(String login, Role role, Locale locale) {
    public PanelUser {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(role, "role");
        locale = locale == null ? Locale.ENGLISH : locale;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
