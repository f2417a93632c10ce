package io.smarthost.core.validation;

import io.smarthost.panel.api.Secret;

/**
 * A backup relay as typed: blank host means no backup. It uses the first relay's encryption and
 * certificate verification.
 *
 * @param host     like the relay's host field
 * @param port     1-65535; blank: the port written after the host, else the first relay's port
 * @param login    {@code same} (blank: the first relay's login) or {@code own}
 * @param username its own login name ({@code own} only)
 * @param password its own password; null or empty keeps the stored one ({@code own} only)
 * @since 1.3
 */
public record BackupInput(String host, String port, String login, String username, Secret password) {

    /** Whether this names a backup at all (a host). */
    public boolean present() {
        return host != null && !host.isBlank();
    }

    /** Whether it asks for a login of its own. */
    public boolean ownLogin() {
        return login != null && login.strip().equals("own");
    }

    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    @Override
    public String toString() {
        return "BackupInput[host=" + host + ", port=" + port + ", login=" + login + ", username=" + username
                + ", password=" + (hasPassword() ? "******" : "(unchanged)") + "]";
    }
}
