package io.smarthost.panel.host.accounts;

import io.smarthost.panel.api.PanelUser;
import io.smarthost.panel.api.Role;
import java.util.Locale;

/** A row of the users table; {@code passwordHash} is a bcrypt hash. */
public record UserRecord(long id, String login, Role role, String passwordHash, String lang) {

    public PanelUser toPanelUser() {
        return new PanelUser(login, role, Locale.forLanguageTag(lang));
    }

    @Override
    public String toString() {
        return "UserRecord[" + login + ", " + role + "]";
    }
}
