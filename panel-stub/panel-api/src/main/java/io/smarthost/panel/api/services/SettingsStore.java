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
 * transaction, so that a failure there rolls the store back too.
 *
 * @since 1.0
 */
public interface SettingsStore {

    <T> T inTransaction(Work<T> work) throws Exception;

    /** Read-only shortcut outside a transaction. */
    Optional<String> get(String key);

    /** Entries whose key starts with {@code prefix}, ordered by key; {@code contains} (may be empty) filters keys. */
    PageResult<Entry> list(String prefix, String contains, int offset, int limit);

    long count(String prefix);

    /** Streams every entry under {@code prefix} in key order without loading all of them at once. */
    void forEach(String prefix, BiConsumer<String, String> action);

    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx) throws Exception;
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
    }

    record Entry(String key, String value) {
    }
}
