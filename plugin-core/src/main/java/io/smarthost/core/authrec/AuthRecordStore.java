package io.smarthost.core.authrec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.panel.api.services.SettingsStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Domain-authentication records in the plugin's store: one entry per domain under {@value #PREFIX}
 * followed by its ASCII name, a JSON object {@code {"provider": ID, "records": [{"name","type","value"}]}}.
 * Only validated records are written ({@link AuthRecordRules}); an empty list deletes the entry.
 *
 * @since 1.3
 */
public final class AuthRecordStore {
    public static final String PREFIX = "authrec.domain.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SettingsStore store;

    public AuthRecordStore(SettingsStore store) {
        this.store = store;
    }

    public StoredRecords get(String domain) {
        return store.get(key(domain)).map(AuthRecordStore::read).orElse(StoredRecords.none());
    }

    /** Replaces the domain's records (in one transaction); an empty list deletes them. */
    public void put(String domain, StoredRecords records) {
        store.inTransaction(tx -> {
            if (records.records().isEmpty()) {
                tx.delete(key(domain));
            } else {
                tx.put(key(domain), write(records));
            }
            return null;
        });
    }

    /** Forgets the domain's records (the domain was deleted). */
    public void delete(String domain) {
        store.inTransaction(tx -> tx.delete(key(domain)));
    }

    private static String key(String domain) {
        return PREFIX + domain.strip().toLowerCase(Locale.ROOT);
    }

    static String write(StoredRecords s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("provider", s.provider());
        ArrayNode list = root.putArray("records");
        for (AuthRecord r : s.records()) {
            list.addObject().put("name", r.name()).put("type", r.type().name()).put("value", r.value());
        }
        return root.toString();
    }

    static StoredRecords read(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            List<AuthRecord> records = new ArrayList<>();
            for (JsonNode r : root.path("records")) {
                AuthRecordType.parse(r.path("type").asText()).ifPresent(type ->
                        records.add(new AuthRecord(r.path("name").asText(), type, r.path("value").asText())));
            }
            return new StoredRecords(root.path("provider").asText(""), records);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored domain-authentication records are not JSON: " + e.getMessage(), e);
        }
    }
}
