package io.smarthost.panel.host.accounts;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * Password hashing with bcrypt ({@code at.favre.lib:bcrypt}, cost 10 by default). Passwords longer
 * than bcrypt's 72 bytes are refused instead of silently truncated.
 */
public final class PasswordHasher {

    private final int cost;

    public PasswordHasher(int cost) {
        this.cost = cost;
    }

    public String hash(char[] password) {
        check(password);
        return BCrypt.withDefaults().hashToString(cost, password);
    }

    public boolean matches(char[] password, String hash) {
        if (password.length == 0 || new String(password).getBytes(StandardCharsets.UTF_8).length > 72) {
            return false;
        }
        return BCrypt.verifyer().verify(password, hash).verified;
    }

    /** @throws IllegalArgumentException naming what is wrong with the password */
    public static void check(char[] password) {
        if (password.length < 8) {
            throw new IllegalArgumentException("password: at least 8 characters are required");
        }
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > 72) {
            throw new IllegalArgumentException("password: at most 72 bytes (bcrypt's limit)");
        }
    }
}
