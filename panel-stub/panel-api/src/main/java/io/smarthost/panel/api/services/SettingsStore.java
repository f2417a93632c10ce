package io.smarthost.panel.api.services;

import io.smarthost.panel.api.PageResult;
import io.smarthost.panel.api.Secret;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A plugin's own key-value store in the panel database, with transactions. Keys are at most 255
 * characters, values any text (plugins usually store JSON). Secrets are stored only encrypted by the
 * host's {@link SecretBox}.
 *
 * <p>{@link #inTransaction} runs its work in one database transaction on the calling thread: if the
 * work throws, nothing it wrote is kept, and the exception reaches the caller unchanged. Work that
 * also changes something outside the store (a mail server's files) should do that last, inside the
 * transaction, or record its intent first and run under {@link #exclusively}, so that an
 * interrupted change can be told from a finished one.
 *
 * <p>Failures of the store itself (the database refused a write, the disk is full) are unchecked
 * exceptions. A unit of work throws only what it declares: a lambda that throws no checked
 * exception makes {@code inTransaction} throw none either, and one that calls code throwing, say,
 * a {@code BackendException} makes {@code inTransaction} throw exactly that.
 *
 * @since 1.0
 */
public interface SettingsStore {

    /**
     * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws.
     *
     * @param <X> what the work may throw besides unchecked exceptions, passed on unchanged
     * @throws X  what {@code work} threw (the transaction was rolled back)
     * @since 1.0; since 1.1 the store's own failures are unchecked and only {@code work}'s exception
     *        type is declared (1.0 declared {@code throws Exception})
     */
    <T, X extends Exception> T inTransaction(Work<T, X> work) throws X;

    /**
     * Runs {@code work} in a transaction that is always rolled back, whether it returns or throws: it
     * sees its own writes, and nothing it wrote is ever kept or seen by anyone else. For "what would
     * happen if": a preview writes the proposed settings and reads the result.
     *
     * @throws X what {@code work} threw
     * @since 1.1
     */
    <T, X extends Exception> T inRollbackTransaction(Work<T, X> work) throws X;

    /**
     * Runs {@code work} while holding the lock {@code name}, shared by every process that uses this
     * store (the panel server and {@code panel bin} commands): a second caller, in this process or
     * another, waits until the first one returns (at most the database's lock timeout, then fails
     * with an unchecked exception). The work runs on the calling thread and may open any number of
     * {@link #inTransaction}s; each commits on its own, so a multi-step change can record its progress
     * while keeping others out. A process that dies holding the lock releases it (the database ends
     * its session).
     *
     * <p>The default serialises callers within this process only (enough for a store of one process).
     *
     * @throws X what {@code work} threw
     * @since 1.1
     */
    default <T, X extends Exception> T exclusively(String name, Exclusive<T, X> work) throws X {
        synchronized (this) {
            return work.run();
        }
    }

    /**
     * Work done under {@link #exclusively}.
     *
     * @param <X> the checked exception it may throw; inferred as {@code RuntimeException} (none) for a
     *            lambda that throws no checked exception
     * @since 1.1
     */
    @FunctionalInterface
    interface Exclusive<T, X extends Exception> {
        T run() throws X;
    }

    /**
     * The database server behind this store, when it is one that other programs can reach (PostgreSQL);
     * empty for an embedded database or a store in memory. See {@link Transaction#connection()}.
     *
     * @since 1.3
     */
    default java.util.Optional<DatabaseServer> databaseServer() {
        return java.util.Optional.empty();
    }

    /** Read-only shortcut outside a transaction. */
    Optional<String> get(String key);

    /** Entries whose key starts with {@code prefix}, ordered by key; {@code contains} (may be empty) filters keys. */
    PageResult<Entry> list(String prefix, String contains, int offset, int limit);

    long count(String prefix);

    /**
     * {@link #list(String, String, int, int)} that stops counting at {@code countLimit}: the total is
     * {@code min(matching entries, countLimit)}, so a first page costs the same with 1,000 or 100,000
     * entries. A total equal to {@code countLimit} means "at least that many".
     *
     * @since 1.2
     */
    default PageResult<Entry> list(String prefix, String contains, int offset, int limit, long countLimit) {
        PageResult<Entry> page = list(prefix, contains, offset, limit);
        return new PageResult<>(page.items(), Math.min(page.total(), countLimit), page.offset(), page.limit());
    }

    /** Streams every entry under {@code prefix} in key order without loading all of them at once. */
    void forEach(String prefix, BiConsumer<String, String> action);

    /**
     * A unit of work in one transaction.
     *
     * @param <X> the checked exception it may throw; inferred as {@code RuntimeException} (none) for a
     *            lambda that throws no checked exception
     * @since 1.0; since 1.1 with the type parameter {@code X} (1.0 declared {@code throws Exception})
     */
    @FunctionalInterface
    interface Work<T, X extends Exception> {
        T run(Transaction tx) throws X;
    }

    /** Operations inside one transaction; valid only until {@code Work.run} returns. */
    interface Transaction {
        Optional<String> get(String key);

        void put(String key, String value);

        /** Stores {@code secret} encrypted; it is never written in clear. */
        void putSecret(String key, Secret secret);

        Optional<Secret> getSecret(String key);

        /** @return whether something was deleted */
        boolean delete(String key);

        /** @return how many entries were deleted */
        int deletePrefix(String prefix);

        PageResult<Entry> list(String prefix, String contains, int offset, int limit);

        /**
         * The first {@code limit} entries under {@code prefix} in key order, without counting the rest
         * (cheap whatever the number of entries, unlike {@link #list}'s total).
         *
         * @since 1.0
         */
        default java.util.List<Entry> first(String prefix, int limit) {
            return list(prefix, "", 0, limit).items();
        }

        void forEach(String prefix, BiConsumer<String, String> action);

        /**
         * The values of those of {@code keys} that exist (secrets excluded: their sealed form is
         * never handed out), in one round trip where the store can: for work on thousands of keys.
         *
         * @since 1.2
         */
        default java.util.Map<String, String> getAll(java.util.Collection<String> keys) {
            java.util.Map<String, String> out = new java.util.HashMap<>();
            for (String key : keys) {
                get(key).ifPresent(v -> out.put(key, v));
            }
            return out;
        }

        /**
         * The opened secrets of those of {@code keys} that hold one, in one round trip where the store can.
         *
         * @since 1.2
         */
        default java.util.Map<String, Secret> getSecrets(java.util.Collection<String> keys) {
            java.util.Map<String, Secret> out = new java.util.HashMap<>();
            for (String key : keys) {
                getSecret(key).ifPresent(v -> out.put(key, v));
            }
            return out;
        }

        /**
         * {@link #getSecrets} for keys that lie close together in key order, all between {@code from} and
         * {@code to} (both included): a store may read that range once instead of looking each key up. For a
         * walk over every domain in key order (a batch of 1,000 consecutive domains: one range read where the
         * look-ups took a quarter of a 100,000-domain repair's reading). Keys outside the range are not read.
         *
         * @since 1.3
         */
        default java.util.Map<String, Secret> getSecretsBetween(String from, String to, java.util.Collection<String> keys) {
            return getSecrets(keys.stream().filter(k -> k.compareTo(from) >= 0 && k.compareTo(to) <= 0).toList());
        }

        /**
         * Writes every entry of {@code values} (as {@link #put}), batched where the store can.
         *
         * @since 1.2
         */
        default void putAll(java.util.Map<String, String> values) {
            values.forEach(this::put);
        }

        /**
         * Stores every secret of {@code secrets} encrypted (as {@link #putSecret}), batched where the store can.
         *
         * @since 1.2
         */
        default void putSecrets(java.util.Map<String, Secret> secrets) {
            secrets.forEach(this::putSecret);
        }

        /**
         * Deletes every one of {@code keys} (as {@link #delete}), batched where the store can.
         *
         * @since 1.2
         */
        default void deleteAll(java.util.Collection<String> keys) {
            keys.forEach(this::delete);
        }

        /**
         * The JDBC connection of this transaction when the store is on a {@linkplain SettingsStore#databaseServer()
         * database server}, for tables a plugin keeps in a schema of its own: what the plugin writes there
         * commits or rolls back with the transaction. Valid only until {@code Work.run} returns; never
         * commit, roll back or close it. Empty (the default) for other stores.
         *
         * @since 1.3
         */
        default Optional<java.sql.Connection> connection() {
            return Optional.empty();
        }

        /**
         * How many entries are under {@code prefix}, within this transaction.
         *
         * @since 1.2
         */
        default long count(String prefix) {
            return list(prefix, "", 0, 0).total();
        }
    }

    record Entry(String key, String value) {
    }
}
