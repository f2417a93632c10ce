package io.smarthost.core.authrec;

import java.util.List;
import java.util.Objects;

/**
 * A domain's domain-authentication records as kept in the plugin's store.
 *
 * @param provider the relay service (a preset id, or {@code custom}) the records were entered for
 * @param records  the records, in the order given
 * @since 1.3
 */
public record StoredRecords(String provider, List<AuthRecord> records) {
    public StoredRecords {
        Objects.requireNonNull(provider, "provider");
        records = List.copyOf(records);
    }

    public static StoredRecords none() {
        return new StoredRecords("", List.of());
    }
}
