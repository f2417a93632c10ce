package io.smarthost.windows.mailenable;

import java.util.Map;
import java.util.Optional;

/**
 * The Windows registry, as far as the MailEnable backend needs it. Keys are written
 * {@code HKLM\SOFTWARE\...}. A port: {@link RegExeRegistry} is the real one, tests use an in-memory
 * fake.
 */
public interface WindowsRegistry {

    boolean keyExists(String key) throws RegistryException;

    /** Every value directly under {@code key} (not its sub-keys), by name (case-insensitive, as Windows). */
    Map<String, RegistryValue> values(String key) throws RegistryException;

    /**
     * Sets the values given as present and deletes those given as empty, in one operation. Secrets
     * never reach a command line.
     */
    void apply(String key, Map<String, Optional<RegistryValue>> changes) throws RegistryException;

    /** The registry could not be read or written. The message never contains a secret. */
    class RegistryException extends Exception {
        public RegistryException(String message) {
            super(message);
        }

        public RegistryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
