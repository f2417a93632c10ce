package io.smarthost.core.service;

import io.smarthost.core.relay.Scope;

/**
 * Where the smarthost settings live in the plugin's {@link io.smarthost.panel.api.services.SettingsStore}.
 *
 * <pre>
 * server          server-wide settings (JSON, no secret)
 * server.secret   server-wide password/API key (putSecret: encrypted)
 * server.check    last connection check of the server-wide relay (JSON)
 * state.takeover  when a relay was last saved turned on (a record only: the confirmation of settings
 *                 written by hand is asked for each new hand edit, from the backend's drift)
 * srs             the server-wide SRS switch: "on" (absent: off), see SrsSwitch
 * state.applylock the lock row of SettingsStore.exclusively: serialises changes across processes
 * state.generation, state.applied, state.intent   see ApplyJournal
 * {@literal @}name           a domain's settings (JSON), name in lower-case ASCII; or =ID, a shared record's
 *                 (since 1.3, see SharedRelays)
 * =ID             a shared record: the settings (JSON) a bulk change gave the domains whose row is =ID
 * ~ID             a shared record's secret (putSecret)
 * #ID             how many domain rows name the shared record =ID
 * ^ID             which domain rows name =ID, as a digest of their names, when a bulk change set exactly them
 *                 (deleted by any other change of who names it; see SharedRelays.namedByExactly)
 * members        the member sets: domains a bulk change gave a record while they had no row, kept as a list of
 *                 names instead of a row each; they read as rows =ID (see MemberRows, since 1.4)
 * $stamp.N        a member set's names (sorted chunks, never changed)
 * -name           the member sets a domain has left (it got a row of its own, or was deleted)
 * *name           a domain's secret (putSecret)
 * !name           a domain's last connection check (JSON)
 * server.backup.secret  the server-wide backup relay's own password (putSecret; since 1.3)
 * +name           a domain's backup relay's own password (putSecret; since 1.3)
 * renamed.ID      the last rename applied to the panel's domain ID, "before>after": told again (the panel tells a
 *                 plugin again a change a crash interrupted), it is not applied twice (it would delete what moved)
 * </pre>
 *
 * <p>Why one-character prefixes made of symbols: keys are at most 255 characters and a domain name
 * may have 253, and a list filter (domain name characters only) can then never match the prefix.
 */
public final class StoreKeys {
    public static final String SERVER = "server";
    public static final String SERVER_SECRET = "server.secret";
    public static final String SERVER_CHECK = "server.check";
    public static final String TAKEOVER = "state.takeover";
    /** The server-wide SRS switch ({@code on}; absent: off). */
    public static final String SRS = "srs";
    /** The name of the cross-process apply lock ({@code SettingsStore.exclusively}). */
    public static final String APPLY_LOCK = "state.applylock";
    public static final String DOMAIN_PREFIX = "@";
    public static final String SECRET_PREFIX = "*";
    public static final String CHECK_PREFIX = "!";
    /** @since 1.3 */
    public static final String SERVER_BACKUP_SECRET = "server.backup.secret";
    /** @since 1.3 */
    public static final String BACKUP_SECRET_PREFIX = "+";
    /** {@code renamed.ID}: the last rename applied to the panel's domain ID ({@code before>after}). */
    public static final String RENAMED_PREFIX = "renamed.";

    private StoreKeys() {
    }

    public static String settings(Scope scope) {
        return scope.domain().map(d -> DOMAIN_PREFIX + d).orElse(SERVER);
    }

    public static String secret(Scope scope) {
        return scope.domain().map(d -> SECRET_PREFIX + d).orElse(SERVER_SECRET);
    }

    public static String check(Scope scope) {
        return scope.domain().map(d -> CHECK_PREFIX + d).orElse(SERVER_CHECK);
    }

    /** Where the backup relay's own password of {@code scope} is kept. @since 1.3 */
    public static String backupSecret(Scope scope) {
        return scope.domain().map(d -> BACKUP_SECRET_PREFIX + d).orElse(SERVER_BACKUP_SECRET);
    }

    /** Whether {@code key} holds a secret (stored with {@code putSecret}). */
    public static boolean isSecret(String key) {
        return key.equals(SERVER_SECRET) || key.startsWith(SECRET_PREFIX)
                || key.equals(SERVER_BACKUP_SECRET) || key.startsWith(BACKUP_SECRET_PREFIX)
                || key.startsWith(SharedRelays.SECRET_PREFIX);
    }

    /** The domain name of a {@link #DOMAIN_PREFIX} key. */
    public static String domainOf(String settingsKey) {
        return settingsKey.substring(DOMAIN_PREFIX.length());
    }
}
