package io.smarthost.panel.host.accounts;

import io.smarthost.panel.api.Secret;
import io.smarthost.panel.host.db.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * REST API keys: 32 random bytes, shown once at creation, stored as a SHA-256 hash (a key is random enough that a
 * slow hash adds nothing) with a short hint to tell keys apart. A key belongs to a user's id, not to a login name:
 * removing the user revokes it (the database cascades), and a new user given the same login does not inherit it.
 * The last use is recorded at most once a {@link #LAST_USED_EVERY} per key, so authenticating stays one read.
 */
public final class ApiKeys {

    /** How stale the recorded last use may get before a request writes it again. */
    public static final Duration LAST_USED_EVERY = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Jdbc jdbc;
    private final Users users;
    private final Clock clock;

    public ApiKeys(Jdbc jdbc, Users users) {
        this(jdbc, users, Clock.systemUTC());
    }

    public ApiKeys(Jdbc jdbc, Users users, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.clock = clock;
    }

    /**
     * One key as listed: never the key, only its first characters.
     *
     * @param lastUsed empty when never used
     */
    public record Listed(long id, String login, String hint, Instant created, Optional<Instant> lastUsed) {
    }

    /** Creates a key for {@code login}; the returned secret is the only copy in clear. */
    public Secret create(String login) {
        UserRecord user = users.find(login).orElseThrow(() -> new IllegalArgumentException("user: no user named '" + login + "'"));
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String key = "pk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.insert("insert into api_keys(user_id, key_hash, hint, created_at) values (?, ?, ?, ?)", user.id(), hash(key),
                key.substring(0, 7), Timestamp.from(clock.instant()));
        return Secret.of(key);
    }

    /** The user a key belongs to (found by id: a login given to someone else later does not match). */
    public Optional<UserRecord> authenticate(String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            return Optional.empty();
        }
        record Row(UserRecord user, long id, Timestamp lastUsed) {
        }
        // the key and its user in one statement: every API call starts here (a round trip each on PostgreSQL)
        Optional<Row> row = jdbc.one("select " + Users.COLUMNS + ", k.id, k.last_used_at from api_keys k"
                + " join users u on u.id = k.user_id where k.key_hash = ?",
                rs -> new Row(Users.map(rs), rs.getLong(6), rs.getTimestamp(7)), hash(key.strip()));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Optional<UserRecord> user = Optional.of(row.get().user());
        Instant now = clock.instant();
        if (user.isPresent() && (row.get().lastUsed() == null || row.get().lastUsed().toInstant().plus(LAST_USED_EVERY).isBefore(now))) {
            jdbc.update("update api_keys set last_used_at = ? where id = ?", Timestamp.from(now), row.get().id());
        }
        return user;
    }

    /** Every key, or those of {@code login}, oldest first. */
    public List<Listed> list(Optional<String> login) {
        return login.isPresent() ? select(" where u.login = ?", login.get()) : select("");
    }

    /** Revokes one key; empty when there is no key with that id. */
    public Optional<Listed> revoke(long id) {
        Optional<Listed> key = select(" where k.id = ?", id).stream().findFirst();
        key.ifPresent(k -> jdbc.update("delete from api_keys where id = ?", id));
        return key;
    }

    private List<Listed> select(String where, Object... params) {
        return jdbc.query("select k.id, u.login, k.hint, k.created_at, k.last_used_at from api_keys k join users u on u.id = k.user_id"
                + where + " order by k.id", rs -> new Listed(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getTimestamp(4).toInstant(), Optional.ofNullable(rs.getTimestamp(5)).map(Timestamp::toInstant)), params);
    }

    /** Revokes every key of a user; returns how many there were. */
    public int revokeAll(long userId) {
        return jdbc.update("delete from api_keys where user_id = ?", userId);
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
