package io.smarthost.core.service;

import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.services.SettingsStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the settings rows of a bulk change's domains held before it, kept small: per domain a number
 * (absent; its own settings, with or without a secret and a backup secret; or the shared record it names),
 * not the rows' texts. Read with one query per 1,000 domains, or, when the change names a quarter of the
 * panel's domains or more, in one pass over every row (which also counts the rows naming each record).
 */
final class PreviousRows {
    private static final int ABSENT = 0;
    private static final int OWN = 1;
    private static final int OWN_SECRET = 2;
    private static final int OWN_BACKUP_SECRET = 4;
    /** Domains per keyed read. */
    private static final int BATCH = 1000;
    /** From this many domains, a pass over every row may pay. */
    private static final int PASS_FROM = 1000;

    /** Per domain: the flags above, or {@code -(index + 1)} of the record it names in {@link #records}. */
    private final int[] states;
    private final List<String> records = new ArrayList<>();
    private final Map<String, Integer> recordIndex = new HashMap<>();
    /** Per record: the change's rows naming it. */
    private final List<Long> changeRows = new ArrayList<>();
    /** Per record: every row naming it, when a pass over every row counted them. */
    private Map<String, Long> allRows;

    private PreviousRows(int size) {
        this.states = new int[size];
    }

    /**
     * @param domainCount the panel's domains, which bound the domain rows but for relayed aliases and rows
     *                    left over (the database keeps that count: counting the rows was a pass of its own,
     *                    0.1-0.25 s at 100,000)
     */
    static PreviousRows read(SettingsStore.Transaction tx, List<Scope> domains, long domainCount) {
        PreviousRows rows = new PreviousRows(domains.size());
        if (domains.size() >= PASS_FROM && (long) domains.size() * 4 >= domainCount) {
            Map<String, Integer> position = new HashMap<>(domains.size() * 2);
            for (int i = 0; i < domains.size(); i++) {
                position.put(StoreKeys.settings(domains.get(i)), i);
            }
            Map<String, Long> all = new HashMap<>();
            tx.forEach(StoreKeys.DOMAIN_PREFIX, (key, value) -> {
                if (SharedRelays.isShared(value)) {
                    all.merge(value, 1L, Long::sum);
                }
                Integer i = position.get(key);
                if (i != null) {
                    rows.classify(i, value);
                }
            });
            rows.allRows = all;
            return rows;
        }
        for (int from = 0; from < domains.size(); from += BATCH) {
            int to = Math.min(domains.size(), from + BATCH);
            List<String> keys = domains.subList(from, to).stream().map(StoreKeys::settings).toList();
            Map<String, String> found = tx.getAll(keys);
            for (int i = from; i < to; i++) {
                String value = found.get(keys.get(i - from));
                if (value != null) {
                    rows.classify(i, value);
                }
            }
        }
        return rows;
    }

    private void classify(int i, String value) {
        if (SharedRelays.isShared(value)) {
            int index = recordIndex.computeIfAbsent(value, v -> {
                records.add(v);
                changeRows.add(0L);
                return records.size() - 1;
            });
            changeRows.set(index, changeRows.get(index) + 1);
            states[i] = -(index + 1);
            return;
        }
        RelaySettings s = RelayCodec.read(value);
        states[i] = OWN | (s.secretSet() ? OWN_SECRET : 0)
                | (s.backup().filter(BackupSettings::secretSet).isPresent() ? OWN_BACKUP_SECRET : 0);
    }

    /** How many of the change's rows named each record. */
    Map<String, Long> rowsByRecord() {
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            out.put(records.get(i), changeRows.get(i));
        }
        return out;
    }

    /** The record domain {@code i}'s row named, if it named one. */
    Optional<String> record(int i) {
        return states[i] < 0 ? Optional.of(records.get(-states[i] - 1)) : Optional.empty();
    }

    boolean absent(int i) {
        return states[i] == ABSENT;
    }

    boolean ownSecret(int i) {
        return states[i] > 0 && (states[i] & OWN_SECRET) != 0;
    }

    boolean ownBackupSecret(int i) {
        return states[i] > 0 && (states[i] & OWN_BACKUP_SECRET) != 0;
    }

    /**
     * A record all of whose rows are among the change's domains (the one with most of them), which the
     * change can rewrite in place: rows counted by the pass over every row, else by the record's count.
     */
    Optional<String> wholeRecord(SettingsStore.Transaction tx) {
        String best = null;
        long bestRows = 0;
        for (int i = 0; i < records.size(); i++) {
            String record = records.get(i);
            long mine = changeRows.get(i);
            long all = allRows != null ? allRows.getOrDefault(record, 0L) : SharedRelays.count(tx, record);
            if (mine == all && mine > bestRows && tx.get(SharedRelays.recordKey(record)).isPresent()) {
                best = record;
                bestRows = mine;
            }
        }
        return Optional.ofNullable(best);
    }
}
