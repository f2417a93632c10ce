package io.smarthost.windows.mailenable;

import io.smarthost.windows.mailenable.MailEnableValueNames.Field;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The value names MailEnable's SMTP connector key really has for each Smart Host setting, found among the
 * candidates ({@link Field#candidates()}) in what the key holds now. The backend writes nothing unless every
 * setting has exactly one existing name of the expected type: a value the connector does not read would
 * make an apply "succeed" and change nothing.
 *
 * @param names    the name found for each setting (only those found once, with the expected type)
 * @param problems one sentence per setting that has none, two, or one of another type
 */
record SmartHostNames(Map<Field, String> names, List<String> problems) {

    SmartHostNames {
        names = Map.copyOf(names);
        problems = List.copyOf(problems);
    }

    /** Looks every setting up in {@code values} (the key's values; names compared case-insensitively). */
    static SmartHostNames discover(Map<String, RegistryValue> values) {
        Map<Field, String> names = new EnumMap<>(Field.class);
        List<String> problems = new ArrayList<>();
        for (Field field : Field.values()) {
            List<String> found = field.candidates().stream().filter(values::containsKey).toList();
            if (found.isEmpty()) {
                problems.add(field.label() + ": none of " + quoted(field.candidates()) + " exists");
            } else if (found.size() > 1) {
                problems.add(field.label() + ": both " + quoted(found) + " exist; the panel cannot tell which one "
                        + "MailEnable reads");
            } else {
                String name = found.get(0);
                RegistryValue value = values.get(name);
                boolean dword = value instanceof RegistryValue.Dword;
                boolean text = value instanceof RegistryValue.Text || value instanceof RegistryValue.SecretText;
                if (field.dword() ? !dword : !text) {
                    problems.add(field.label() + ": \"" + name + "\" is " + value.type() + ", the backend writes "
                            + (field.dword() ? "REG_DWORD" : "REG_SZ"));
                } else {
                    names.put(field, name);
                }
            }
        }
        return new SmartHostNames(names, problems);
    }

    boolean complete() {
        return problems.isEmpty();
    }

    String name(Field field) {
        return Optional.ofNullable(names.get(field)).orElseThrow(() -> new IllegalStateException(
                "no value name for " + field + ": " + problems));
    }

    /** The refusal: what is missing, and which smart-host values the key does have. */
    String refusal(String key, Map<String, RegistryValue> values) {
        List<String> smart = values.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(java.util.Locale.ROOT).contains("smart"))
                .map(e -> "\"" + e.getKey() + "\" (" + e.getValue().type() + ")").toList();
        return "MailEnable's SMTP connector key " + key + " does not have the Smart Host values the panel would "
                + "write (" + String.join("; ", problems) + "). Values there that mention a smart host: "
                + (smart.isEmpty() ? "none" : String.join(", ", smart)) + ". The panel writes only names MailEnable "
                + "already has: set a smart host once in MailEnable's administration program (SMTP connector "
                + "properties), then apply again; panel bin smarthost --probe -json shows what was found. Nothing "
                + "was written.";
    }

    private static String quoted(List<String> names) {
        return "\"" + String.join("\", \"", names) + "\"";
    }
}
