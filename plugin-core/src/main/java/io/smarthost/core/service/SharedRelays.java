package io.smarthost.core.service;

import io.smarthost.core.relay.Scope;
import io.smarthost.panel.api.Secret;
import io.smarthost.panel.api.services.SettingsStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Settings that a bulk change gives many domains, kept once (since 1.3).
 *
 * <p>A domain's row ({@code @name}) holds either its own settings (JSON, its secret at {@code *name}) or
 * {@code =ID}: the settings of the shared record {@code =ID} (the same JSON) and its secret at {@code ~ID}.
 * A bulk change that gives every domain the same outcome (a new password, or no login) writes one record
 * and a short row per domain, where it wrote a settings text and a secret per domain: a walk of 100,000
 * relayed domains (a repair, the bulk's own apply) then reads 100,000 short rows, not 200,000 long ones.
 *
 * <p>Rules every writer keeps: a shared row has no secret of its own (the bulk deletes it); a record never
 * carries a backup login of its own (a bulk change cannot set one); a change to one domain gives it its own
 * row again, the record's secret copied when the change keeps the password ({@link #leave}; a domain turned
 * off keeps it for later); {@code #ID} counts the
 * rows that name {@code =ID}, and every writer that makes a row name a record or stop naming it moves the
 * count in the same transaction ({@link #adjust}): a record whose count reaches 0 is deleted with its secret
 * then and there. A change whose apply walked every row also deletes the records no row names
 * ({@link #sweep}), whatever their count says.
 */
final class SharedRelays {
    /** The first character of a row that names a record, and of a record's key. */
    static final String RECORD_PREFIX = "=";
    /** A record's secret (putSecret; {@link StoreKeys#isSecret} knows the prefix). */
    static final String SECRET_PREFIX = "~";
    /** How many rows name a record (a decimal number). */
    static final String COUNT_PREFIX = "#";
    /**
     * Which rows name a record, as a digest of their domain names ({@link #membersDigest}): written by a bulk
     * change that leaves the record named by exactly its domains, deleted by every change of who names it.
     */
    static final String MEMBERS_PREFIX = "^";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SharedRelays() {
    }

    /** Whether a domain row's value names a record. */
    static boolean isShared(String rowValue) {
        return rowValue.startsWith(RECORD_PREFIX);
    }

    /** The record a shared row names (its key). */
    static String recordKey(String rowValue) {
        return rowValue;
    }

    /** Where the secret of the record a shared row names is kept. */
    static String secretKey(String rowValue) {
        return SECRET_PREFIX + rowValue.substring(RECORD_PREFIX.length());
    }

    /** Where the number of rows naming a record is kept. */
    static String countKey(String record) {
        return COUNT_PREFIX + record.substring(RECORD_PREFIX.length());
    }

    /** Where the digest of the domains naming a record is kept, while it is known. */
    static String membersKey(String record) {
        return MEMBERS_PREFIX + record.substring(RECORD_PREFIX.length());
    }

    /** A new record's key, which is also the value of the rows that name it. */
    static String newRecord() {
        return RECORD_PREFIX + Long.toUnsignedString(RANDOM.nextLong(), 36);
    }

    /** Writes a new record (its settings text, its secret if any), named by no row yet; its key. */
    static String create(SettingsStore.Transaction tx, String settingsText, Optional<Secret> secret) {
        String record = newRecord();
        tx.put(record, settingsText);
        secret.ifPresent(s -> tx.putSecret(secretKey(record), s));
        tx.put(countKey(record), "0");
        return record;
    }

    /** Gives a record new settings and secret (no secret: deleted); the rows naming it follow. */
    static void rewrite(SettingsStore.Transaction tx, String record, String settingsText, Optional<Secret> secret) {
        tx.put(record, settingsText);
        secret.ifPresentOrElse(s -> tx.putSecret(secretKey(record), s), () -> tx.delete(secretKey(record)));
    }

    /** How many rows name a record; -1 when not counted (then only a walk's {@link #sweep} deletes it). */
    static long count(SettingsStore.Transaction tx, String record) {
        return tx.get(countKey(record)).map(Long::parseLong).orElse(-1L);
    }

    /**
     * {@code delta} more rows name {@code record} (fewer when negative); at 0 the record, its secret and
     * its count are deleted (a secret that is not used is not kept). Which rows name it is no longer known.
     */
    static void adjust(SettingsStore.Transaction tx, String record, long delta) {
        if (delta == 0) {
            return;
        }
        forgetMembers(tx, record);
        long n = count(tx, record);
        if (n < 0) {
            return;
        }
        if (n + delta <= 0) {
            delete(tx, record);
        } else {
            tx.put(countKey(record), Long.toString(n + delta));
        }
    }

    private static void delete(SettingsStore.Transaction tx, String record) {
        tx.deleteAll(keysOf(record));
        MemberRows.drop(tx, List.of(record));
    }

    /** Every key a record keeps: its settings, its secret, its count and the digest of who names it. */
    private static List<String> keysOf(String record) {
        return List.of(record, secretKey(record), countKey(record), membersKey(record));
    }

    /**
     * The digest of a set of domains for {@code record}: per domain the first 128 bits of SHA-256 over the
     * record's key and the name, added up (two 64-bit lanes). Order does not matter; the record's key, random
     * and never shown, makes the sum of one record's domains unpredictable from their names.
     */
    static String membersDigest(String record, List<Scope> domains) {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
        byte[] prefix = (record + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long high = 0;
        long low = 0;
        java.nio.ByteBuffer hash = java.nio.ByteBuffer.allocate(32);
        for (Scope domain : domains) {
            sha.update(prefix);
            sha.update(domain.domain().orElseThrow().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            hash.clear();
            hash.put(sha.digest());
            high += hash.getLong(0);
            low += hash.getLong(8);
        }
        return domains.size() + ":" + Long.toHexString(high) + ":" + Long.toHexString(low);
    }

    /** After a change that leaves exactly {@code domains} (each once) naming {@code record}: says so. */
    static void rememberMembers(SettingsStore.Transaction tx, String record, List<Scope> domains) {
        tx.put(membersKey(record), membersDigest(record, domains));
    }

    /** A change of who names {@code record} that does not say who: the digest, if any, goes. */
    static void forgetMembers(SettingsStore.Transaction tx, String record) {
        tx.delete(membersKey(record));
    }

    /**
     * The record named by exactly {@code domains} (distinct), when a bulk change said so and nothing changed who
     * names it since: a bulk change over the same domains as an earlier one then rewrites the record without
     * reading each domain's row (a pass over 100,000 rows, most of such a change's store step). Its first
     * domain's row is read; the digest is computed only when the record's count matches.
     */
    static Optional<String> namedByExactly(SettingsStore.Transaction tx, List<Scope> domains) {
        if (domains.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> row = tx.get(StoreKeys.settings(domains.get(0))).filter(SharedRelays::isShared);
        if (row.isEmpty() || count(tx, row.get()) != domains.size()) {
            return Optional.empty();
        }
        String record = recordKey(row.get());
        Optional<String> said = tx.get(membersKey(record));
        if (said.isEmpty() || tx.get(record).isEmpty() || !said.get().equals(membersDigest(record, domains))) {
            return Optional.empty();
        }
        return Optional.of(record);
    }

    /**
     * A scope's stored settings text: its own, or its record's. {@code get} reads one key (a transaction,
     * or the store). Outside a transaction, a bulk change may replace the row and delete its record between
     * the two reads: the row is read again once.
     */
    static Optional<String> text(Function<String, Optional<String>> get, Scope scope) {
        String key = StoreKeys.settings(scope);
        for (int attempt = 0; ; attempt++) {
            Optional<String> row = get.apply(key);
            if (row.isEmpty() || !isShared(row.get())) {
                return row;
            }
            Optional<String> record = get.apply(recordKey(row.get()));
            if (record.isPresent() || attempt == 1) {
                return record;
            }
        }
    }

    /** A scope's stored settings, enabled or not: its own, or its record's. */
    static Optional<RelaySettings> settings(Function<String, Optional<String>> get, Scope scope) {
        return text(get, scope).map(RelayCodec::read);
    }

    /** The settings a row read as {@code rowValue} holds: its own, or its record's (empty when that is gone). */
    static Optional<RelaySettings> ofRow(Function<String, Optional<String>> get, String rowValue) {
        return isShared(rowValue) ? get.apply(recordKey(rowValue)).map(RelayCodec::read)
                : Optional.of(RelayCodec.read(rowValue));
    }

    /** Where the secret of {@code scope}, whose row reads {@code rowValue}, is kept: its record's, or its own. */
    static String secretKey(Scope scope, String rowValue) {
        return isShared(rowValue) ? secretKey(rowValue) : StoreKeys.secret(scope);
    }

    /** A scope's secret, wherever its row keeps it. */
    static Optional<Secret> secret(SettingsStore.Transaction tx, Scope scope) {
        return tx.getSecret(tx.get(StoreKeys.settings(scope)).map(row -> secretKey(scope, row))
                .orElse(StoreKeys.secret(scope)));
    }

    /**
     * Before a change to one domain writes its own row, or deletes or replaces it: when the row names a record,
     * the record has one row less, and with {@code keepSecret} (a blank password kept, or the relay turned off
     * for later) the record's secret becomes the domain's own. The caller writes the domain's settings text.
     */
    static void leave(SettingsStore.Transaction tx, Scope scope, boolean keepSecret) {
        if (scope.isServer()) {
            return; // the server's row never names a record
        }
        Optional<String> row = tx.get(StoreKeys.settings(scope)).filter(SharedRelays::isShared);
        if (row.isEmpty()) {
            return;
        }
        if (keepSecret) {
            tx.getSecret(secretKey(row.get())).ifPresentOrElse(s -> tx.putSecret(StoreKeys.secret(scope), s),
                    () -> tx.delete(StoreKeys.secret(scope)));
        }
        adjust(tx, row.get(), -1);
    }

    /** Reads the settings of many rows, each record once (pages and walks outside a change). */
    static final class Resolver {
        private final Function<String, Optional<String>> get;
        private final java.util.Map<String, Optional<RelaySettings>> records = new java.util.HashMap<>();

        Resolver(Function<String, Optional<String>> get) {
            this.get = get;
        }

        /**
         * The settings of the row {@code key} read as {@code value}: its own, or its record's. When the
         * record is gone (a change replaced the row and deleted it since), the row as it is now; empty
         * when it is gone too.
         */
        Optional<RelaySettings> settings(String key, String value) {
            if (!isShared(value)) {
                return Optional.of(RelayCodec.read(value));
            }
            Optional<RelaySettings> s = records.computeIfAbsent(value, v -> get.apply(v).map(RelayCodec::read));
            if (s.isPresent()) {
                return s;
            }
            records.remove(value);
            return get.apply(key).flatMap(now -> ofRow(get, now));
        }
    }

    /**
     * Deletes the records (their secrets and counts) that no row names, and sets the count of the others.
     * {@code named}: how many rows name each record, seen by a walk of every domain row in the same change,
     * under the apply lock (no other change wrote since). Returns how many records went.
     */
    static int sweep(SettingsStore.Transaction tx, java.util.Map<String, Long> named) {
        List<String> unnamed = new ArrayList<>();
        java.util.Map<String, String> counts = new java.util.HashMap<>();
        java.util.Map<String, String> recordOf = new java.util.HashMap<>();
        tx.forEach(RECORD_PREFIX, (record, text) -> {
            Long rows = named.get(record);
            if (rows == null) {
                unnamed.add(record);
            } else {
                counts.put(countKey(record), Long.toString(rows));
                recordOf.put(countKey(record), record);
            }
        });
        List<String> keys = new ArrayList<>();
        unnamed.forEach(r -> keys.addAll(keysOf(r)));
        if (!keys.isEmpty()) {
            tx.deleteAll(keys);
            MemberRows.drop(tx, unnamed);
        }
        java.util.Map<String, String> stored = counts.isEmpty() ? java.util.Map.of() : tx.getAll(counts.keySet());
        counts.entrySet().removeIf(e -> e.getValue().equals(stored.get(e.getKey())));
        if (!counts.isEmpty()) {
            tx.putAll(counts);
            // a count that was wrong: which rows name the record is not what was said either
            tx.deleteAll(counts.keySet().stream().map(k -> membersKey(recordOf.get(k))).toList());
        }
        return unnamed.size();
    }
}
