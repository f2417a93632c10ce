package io.smarthost.windows.mailenable;

import static io.smarthost.windows.mailenable.MailEnableValueNames.AUTH_REQUIRED;
import static io.smarthost.windows.mailenable.MailEnableValueNames.ENABLED;
import static io.smarthost.windows.mailenable.MailEnableValueNames.HOST;
import static io.smarthost.windows.mailenable.MailEnableValueNames.PASSWORD;
import static io.smarthost.windows.mailenable.MailEnableValueNames.PORT;
import static io.smarthost.windows.mailenable.MailEnableValueNames.USERNAME;

import io.smarthost.core.relay.Relay;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The registry values that make MailEnable's SMTP connector use a relay, or stop using one.
 * Every managed value is listed: present ones are set, empty ones deleted, so that no stale
 * login (above all no stale password) stays behind.
 */
final class SmartHostSettings {

    private SmartHostSettings() {
    }

    /** Values for {@code relay}. */
    static Map<String, Optional<RegistryValue>> forRelay(Relay relay) {
        Map<String, Optional<RegistryValue>> values = new LinkedHashMap<>();
        values.put(ENABLED, Optional.of(RegistryValue.dword(1)));
        values.put(HOST, Optional.of(RegistryValue.text(relay.address().host())));
        values.put(PORT, Optional.of(RegistryValue.dword(relay.address().port())));
        values.put(AUTH_REQUIRED, Optional.of(RegistryValue.dword(relay.credentials().isPresent() ? 1 : 0)));
        values.put(USERNAME, relay.credentials().map(c -> RegistryValue.text(c.username())));
        values.put(PASSWORD, relay.credentials().map(c -> RegistryValue.secret(c.secret())));
        return values;
    }

    /** Values that turn the smart host off and remove the login; host and port are kept for reference. */
    static Map<String, Optional<RegistryValue>> disabled() {
        Map<String, Optional<RegistryValue>> values = new LinkedHashMap<>();
        values.put(ENABLED, Optional.of(RegistryValue.dword(0)));
        values.put(AUTH_REQUIRED, Optional.of(RegistryValue.dword(0)));
        values.put(USERNAME, Optional.empty());
        values.put(PASSWORD, Optional.empty());
        return values;
    }

    /** The current value of each name in {@code wanted}, empty where absent: what a rollback writes back. */
    static Map<String, Optional<RegistryValue>> snapshot(Map<String, RegistryValue> current,
                                                        Iterable<String> wanted) {
        Map<String, Optional<RegistryValue>> snapshot = new LinkedHashMap<>();
        for (String name : wanted) {
            snapshot.put(name, Optional.ofNullable(current.get(name)));
        }
        return snapshot;
    }

    /** Names whose current value differs from {@code wanted}. */
    static Map<String, Optional<RegistryValue>> differences(Map<String, RegistryValue> current,
                                                           Map<String, Optional<RegistryValue>> wanted) {
        Map<String, Optional<RegistryValue>> diff = new LinkedHashMap<>();
        wanted.forEach((name, value) -> {
            RegistryValue now = current.get(name);
            boolean same = value.isEmpty() ? now == null : value.get().sameAs(now);
            if (!same) {
                diff.put(name, value);
            }
        });
        return diff;
    }

    /** What people may see of a value: passwords masked. */
    static String shown(String name, RegistryValue value) {
        if (value == null) {
            return "";
        }
        return PASSWORD.equalsIgnoreCase(name) ? "******" : value.data();
    }
}
