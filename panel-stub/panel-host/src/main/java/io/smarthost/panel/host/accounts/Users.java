package io.smarthost.panel.host.accounts;

import io.smarthost.panel.api.Role;
import io.smarthost.panel.host.db.Jdbc;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The panel's user accounts. */
public final class Users {

    private static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final Jdbc jdbc;
    private final PasswordHasher hasher;
    /** Compared against for unknown logins, so they cost as much time as known ones. */
    private final String dummyHash;

    public Users(Jdbc jdbc, PasswordHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.dummyHash = hasher.hash("timing-equaliser-not-a-password".toCharArray());
    }

    /** Whether {@code login} has the form of a login (lower-case letters, digits, . _ -, at most 64). */
    public static boolean isWellFormed(String login) {
        return login != null && LOGIN.matcher(login).matches();
    }

    /** @throws IllegalArgumentException naming the bad field, or when the login is taken */
    public UserRecord create(String login, Role role, char[] password) {
        if (!LOGIN.matcher(login).matches()) {
            throw new IllegalArgumentException("login: '" + login + "' is not allowed (lower-case letters, digits, . _ -, at most 64, starting with a letter or digit)");
        }
        if (find(login).isPresent()) {
            throw new IllegalArgumentException("login: a user named '" + login + "' already exists");
        }
        String hash = hasher.hash(password);
        long id = jdbc.insert("insert into users(login, role, password_hash) values (?, ?, ?)", login, role.name(), hash);
        return new UserRecord(id, login, role, hash, "en");
    }

    public Optional<UserRecord> find(String login) {
        return jdbc.one("select id, login, role, password_hash, lang from users where login = ?", Users::map,
                login.toLowerCase(Locale.ROOT));
    }

    public Optional<UserRecord> findById(long id) {
        return jdbc.one("select id, login, role, password_hash, lang from users where id = ?", Users::map, id);
    }

    /**
     * Removes a user and, with it (the database cascades, in the same statement), every API key of theirs. Refused
     * while they own domains (a later user of the same login would get them) and for the last administrator.
     *
     * @return the removed user
     * @throws IllegalArgumentException naming why, when refused
     */
    public UserRecord delete(String login) {
        return jdbc.tx(c -> {
            UserRecord user = find(login).orElseThrow(() -> new IllegalArgumentException("user: no user named '" + login + "'"));
            long domains = jdbc.count("select count(*) from domains where owner = ?", user.login());
            if (domains > 0) {
                throw new IllegalArgumentException("user: " + user.login() + " still owns " + domains + " domain(s); delete them or "
                        + "give them to another user first (panel bin domain --list -json shows them)");
            }
            if (user.role() == Role.ADMIN && jdbc.count("select count(*) from users where role = ?", Role.ADMIN.name()) <= 1) {
                throw new IllegalArgumentException("user: " + user.login() + " is the only administrator; create another one first");
            }
            jdbc.update("delete from api_keys where user_id = ?", user.id());
            jdbc.update("delete from users where id = ?", user.id());
            return user;
        });
    }

    public List<UserRecord> list() {
        return jdbc.query("select id, login, role, password_hash, lang from users order by login", Users::map);
    }

    /** Checks a password; the same work is done for unknown logins so timing does not tell them apart. */
    public Optional<UserRecord> authenticate(String login, char[] password) {
        Optional<UserRecord> user = find(login);
        if (user.isEmpty()) {
            hasher.matches(password, dummyHash);
            return Optional.empty();
        }
        return hasher.matches(password, user.get().passwordHash()) ? user : Optional.empty();
    }

    public void setPassword(String login, char[] password) {
        if (jdbc.update("update users set password_hash = ? where login = ?", hasher.hash(password), login) == 0) {
            throw new IllegalArgumentException("user: no user named '" + login + "'");
        }
    }

    public void setLanguage(String login, String lang) {
        jdbc.update("update users set lang = ? where login = ?", lang, login);
    }

    /** The columns {@link #map} reads, in its order, for a query that joins {@code users u}. */
    static final String COLUMNS = "u.id, u.login, u.role, u.password_hash, u.lang";

    static UserRecord map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new UserRecord(rs.getLong(1), rs.getString(2), Role.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5));
    }
}
