package io.smarthost.panel.api.services;

import io.smarthost.panel.api.Secret;

/**
 * Encrypts secrets at rest: AES-GCM with the panel's key ({@code <home>/data/secret.key}, mode 0600).
 *
 * @since 1.0
 */
public interface SecretBox {

    /** Encrypts with a fresh nonce; the result is printable text. */
    String seal(Secret secret);

    /** @throws IllegalArgumentException when the text was not sealed with this panel's key or was changed */
    Secret open(String sealed);
}
