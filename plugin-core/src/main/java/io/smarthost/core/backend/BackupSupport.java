package io.smarthost.core.backend;

/**
 * Whether a backend can add a backup relay (a second relay tried when the first is unreachable or
 * answers with a temporary error) at each level, and give it a login of its own.
 *
 * @param server         a backup for the server-wide relay
 * @param domain         a backup for a domain's relay
 * @param serverOwnLogin the server-wide backup may log in with its own user name and password
 * @param domainOwnLogin a domain's backup may log in with its own user name and password (Postfix cannot:
 *                       it looks a domain's login up by sender first, so the backup gets the domain's login)
 * @since 1.3
 */
public record BackupSupport(boolean server, boolean domain, boolean serverOwnLogin, boolean domainOwnLogin) {

    /** No backup relay at any level. */
    public static BackupSupport none() {
        return new BackupSupport(false, false, false, false);
    }

    /** Whether any level can have a backup. */
    public boolean any() {
        return server || domain;
    }

    /** Whether the level of {@code server} (true) or a domain (false) can have a backup. */
    public boolean at(boolean serverLevel) {
        return serverLevel ? server : domain;
    }

    /** Whether a backup at that level may have its own login. */
    public boolean ownLoginAt(boolean serverLevel) {
        return serverLevel ? serverOwnLogin : domainOwnLogin;
    }
}
