package io.smarthost.windows.mailenable;

import static io.smarthost.windows.mailenable.MailEnableValueNames.SMTP_SERVICE;

import io.smarthost.core.backend.BackendException;
import io.smarthost.windows.ServiceControl;
import io.smarthost.windows.ServiceControl.ServiceException;
import io.smarthost.windows.mailenable.WindowsRegistry.RegistryException;
import java.util.Map;
import java.util.Optional;

/**
 * One apply's registry write, proven: write the values that differ, read them back, restart the SMTP
 * connector, check that it runs and still holds them. Any failure writes the previous values back (and
 * restarts the connector with them) before a {@link BackendException} names the step, the values and
 * what the registry has.
 */
final class ProvenWrite {

    private final WindowsRegistry registry;
    private final ServiceControl services;
    private final String key;

    ProvenWrite(WindowsRegistry registry, ServiceControl services, String key) {
        this.registry = registry;
        this.services = services;
        this.key = key;
    }

    /** Writes {@code diff} and reads it back; {@code previous} is what a failure writes back. */
    void write(Map<String, Optional<RegistryValue>> diff, Map<String, Optional<RegistryValue>> previous)
            throws BackendException {
        try {
            registry.apply(key, diff);
            Map<String, RegistryValue> after = registry.values(key);
            Map<String, Optional<RegistryValue>> unexpected = SmartHostSettings.differences(after, diff);
            if (!unexpected.isEmpty()) {
                throw new BackendException("read back", "the registry does not hold what was written: "
                        + SmartHostSettings.describe(after, unexpected) + rollBack(previous));
            }
        } catch (RegistryException e) {
            throw new BackendException("write registry", e.getMessage() + rollBack(previous), e);
        }
    }

    /**
     * Restarts the connector, then proves it came back and still holds the values: a service that rewrites
     * its settings when it starts would otherwise undo the apply unseen.
     */
    void restart(Map<String, Optional<RegistryValue>> diff, Map<String, Optional<RegistryValue>> previous)
            throws BackendException {
        String step = "restart " + SMTP_SERVICE;
        String problem;
        ServiceException cause = null;
        try {
            services.restart(SMTP_SERVICE);
            if (!services.isRunning(SMTP_SERVICE)) {
                problem = SMTP_SERVICE + " is not running after the restart";
            } else {
                Map<String, RegistryValue> after = registry.values(key);
                Map<String, Optional<RegistryValue>> lost = SmartHostSettings.differences(after, diff);
                if (lost.isEmpty()) {
                    return;
                }
                step = "read back after restart";
                problem = SMTP_SERVICE + " runs again, but the registry no longer holds what was written: "
                        + SmartHostSettings.describe(after, lost);
            }
        } catch (ServiceException e) {
            problem = e.getMessage();
            cause = e;
        } catch (RegistryException e) {
            step = "read back after restart";
            problem = e.getMessage();
        }
        String rollback = rollBack(previous);
        try {
            services.restart(SMTP_SERVICE);
        } catch (ServiceException again) {
            rollback += "; restarting " + SMTP_SERVICE + " with the previous values failed too: "
                    + again.getMessage();
        }
        throw new BackendException(step, problem + rollback, cause);
    }

    /** Writes the previous values back; returns text to append to the error. */
    private String rollBack(Map<String, Optional<RegistryValue>> previous) {
        try {
            registry.apply(key, previous);
            return "; the previous values were restored";
        } catch (RegistryException e) {
            return "; restoring the previous values FAILED (" + e.getMessage() + "): check " + key + " by hand";
        }
    }
}
