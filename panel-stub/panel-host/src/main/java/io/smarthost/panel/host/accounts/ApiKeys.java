package io.smarthost.panel.host.accounts;

import io.smarthost.panel.api.Secret;
import io.smarthost.panel.host.db.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * REST API keys: 32 random bytes, shown once at creation, stored as a SHA-256 hash (a key is random
 * enough that a slow hash adds nothing) with a short hint to tell keys apart.
 */
public final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Jdbc jdbc;
    private final Users users;

    public ApiKeys(Jdbc jdbc, Users users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    /** Creates a key for {@code login}; the returned secret is the only copy in clear. */
    public Secret create(String login) {
        if (users.find(login).isEmpty()) {
            throw new IllegalArgumentException("user: no user named '" + login + "'");
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String key = "pk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.insert("insert into api_keys(login, key_hash, hint) values (?, ?, ?)", login, hash(key), key.substring(0, 7));
        return Secret.of(key);
    }

    /** The user a key belongs to. */
    public Optional<UserRecord> authenticate(String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            return Optional.empty();
        }
        return jdbc.one("select login from api_keys where key_hash = ?", rs -> rs.getString(1), hash(key.strip()))
                .flatMap(users::find);
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
