package io.smarthost.panel.host.store;

import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SecretBox;
import io.smarthost.panel.host.home.PrivateFiles;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with the panel's key in {@code <home>/data/secret.key} (created mode 0600 on first use).
 * A sealed value is {@code v1:} + base64(12-byte nonce + ciphertext + tag).
 */
public final class AesGcmSecretBox implements SecretBox {

    private static final String PREFIX = "v1:";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** One cipher object per thread, initialised afresh (new nonce) for each use: getInstance costs more than the work. */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    });
    private final SecretKey key;

    private AesGcmSecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * Loads the key file, creating it when missing: written complete to a 0600 temporary file, then
     * linked into place without replacing (a crash leaves no empty key; when the CLI and the server
     * start together, the first key written is the one both use). An existing key file more open than
     * 0600 is tightened, with a warning.
     */
    public static AesGcmSecretBox forKeyFile(Path file) {
        String text = PrivateFiles.readOrCreate(file, () -> {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            return Base64.getEncoder().encodeToString(fresh) + "\n";
        });
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + ": not a base64 key; restore it from a backup");
        }
        if (key.length != 32) {
            throw new IllegalStateException(file + ": expected a base64 256-bit key, found " + key.length
                    + " bytes; restore it from a backup");
        }
        return new AesGcmSecretBox(key);
    }

    @Override
    public String seal(Secret secret) {
        try {
            byte[] nonce = new byte[12];
            RANDOM.nextBytes(nonce);
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public Secret open(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed secret (expected the v1: form)");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            if (all.length < 12 + 16) {
                throw new IllegalArgumentException("sealed secret too short");
            }
            Cipher cipher = CIPHER.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, 12));
            return Secret.of(new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("sealed secret cannot be opened with this panel's key (changed, or sealed elsewhere)");
        }
    }
}
