package io.smarthost.windows.mailenable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The registry in memory; records every apply so tests can assert exactly what was written. */
final class MemoryRegistry implements WindowsRegistry {
    final Map<String, Map<String, RegistryValue>> keys = new HashMap<>();
    final List<Map<String, Optional<RegistryValue>>> applied = new ArrayList<>();
    /** Names whose writes the "registry" silently drops, to simulate a read-back mismatch. */
    final List<String> dropWritesOf = new ArrayList<>();

    MemoryRegistry withKey(String key) {
        keys.put(key, new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
        return this;
    }

    /**
     * The six Smart Host values as an unconfigured connector might hold them, spelled "{@code prefix} ..."
     * ("Smart Host" or "SmartHost"): off, no host, port 25, no login.
     */
    MemoryRegistry withSmartHostDefaults(String key, String prefix) {
        Map<String, RegistryValue> values = keys.get(key);
        values.put("Use " + prefix, RegistryValue.dword(0));
        values.put(prefix, RegistryValue.text(""));
        values.put(prefix + " Port", RegistryValue.dword(25));
        values.put(prefix + " Requires Authentication", RegistryValue.dword(0));
        values.put(prefix + " Username", RegistryValue.text(""));
        values.put(prefix + " Password", RegistryValue.text(""));
        return this;
    }

    @Override
    public boolean keyExists(String key) {
        return keys.containsKey(key);
    }

    @Override
    public Map<String, RegistryValue> values(String key) throws RegistryException {
        Map<String, RegistryValue> values = keys.get(key);
        if (values == null) {
            throw new RegistryException("no key " + key);
        }
        Map<String, RegistryValue> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(values);
        return copy;
    }

    @Override
    public void apply(String key, Map<String, Optional<RegistryValue>> changes) throws RegistryException {
        Map<String, RegistryValue> values = keys.get(key);
        if (values == null) {
            throw new RegistryException("no key " + key);
        }
        applied.add(Map.copyOf(changes));
        changes.forEach((name, value) -> {
            if (dropWritesOf.contains(name)) {
                return;
            }
            if (value.isPresent()) {
                values.put(name, value.get());
            } else {
                values.remove(name);
            }
        });
    }
}
