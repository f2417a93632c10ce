package io.smarthost.windows.mailenable;

import io.smarthost.core.relay.Relay;
import io.smarthost.windows.mailenable.MailEnableValueNames.Field;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry values that make MailEnable's SMTP connector use a relay, or stop using one, under the names
 * the key really has ({@link SmartHostNames}). Every managed value is set, never deleted: a deleted name would
 * be missing at the next apply, and the backend writes only names that exist. Turning the smart host off
 * writes an empty user name and password, so that no stale login (above all no stale password) stays behind.
 */
final class SmartHostSettings {

    private SmartHostSettings() {
    }

    /** Values for {@code relay}. */
    static Map<String, Optional<RegistryValue>> forRelay(SmartHostNames names, Relay relay) {
        Map<String, Optional<RegistryValue>> values = new LinkedHashMap<>();
        values.put(names.name(Field.ENABLED), Optional.of(RegistryValue.dword(1)));
        values.put(names.name(Field.HOST), Optional.of(RegistryValue.text(relay.address().host())));
        values.put(names.name(Field.PORT), Optional.of(RegistryValue.dword(relay.address().port())));
        values.put(names.name(Field.AUTH_REQUIRED),
                Optional.of(RegistryValue.dword(relay.credentials().isPresent() ? 1 : 0)));
        values.put(names.name(Field.USERNAME),
                Optional.of(RegistryValue.text(relay.credentials().map(c -> c.username()).orElse(""))));
        values.put(names.name(Field.PASSWORD), Optional.of(relay.credentials()
                .map(c -> RegistryValue.secret(c.secret())).orElse(RegistryValue.text(""))));
        return values;
    }

    /** Values that turn the smart host off and empty the login; host and port are kept for reference. */
    static Map<String, Optional<RegistryValue>> disabled(SmartHostNames names) {
        Map<String, Optional<RegistryValue>> values = new LinkedHashMap<>();
        values.put(names.name(Field.ENABLED), Optional.of(RegistryValue.dword(0)));
        values.put(names.name(Field.AUTH_REQUIRED), Optional.of(RegistryValue.dword(0)));
        values.put(names.name(Field.USERNAME), Optional.of(RegistryValue.text("")));
        values.put(names.name(Field.PASSWORD), Optional.of(RegistryValue.text("")));
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

    /** "Smart Host Port: the registry has 25 (REG_DWORD), the panel wrote 587" for each name in {@code diff}. */
    static String describe(Map<String, RegistryValue> current, Map<String, Optional<RegistryValue>> diff) {
        StringBuilder text = new StringBuilder();
        diff.forEach((name, wanted) -> {
            RegistryValue now = current.get(name);
            text.append(text.length() == 0 ? "" : "; ").append('"').append(name).append("\": the registry has ")
                    .append(now == null ? "no such value" : "\"" + shown(name, now) + "\" (" + now.type() + ")")
                    .append(", the panel wrote ").append(wanted.map(v -> "\"" + shown(name, v) + "\"").orElse("(deleted)"));
        });
        return text.toString();
    }

    /** What people may see of a value: passwords masked. */
    static String shown(String name, RegistryValue value) {
        if (value == null) {
            return "";
        }
        boolean secret = value instanceof RegistryValue.SecretText
                || name.toLowerCase(Locale.ROOT).contains("password");
        return secret ? (value.data().isEmpty() ? "(empty)" : "******") : value.data();
    }
}
