package io.smarthost.core.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.panel.api.services.SettingsStore;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * The store's account of how far the mail server follows it. Every change that reaches the mail
 * server gets a generation number; it is committed with the new settings and an <em>intent</em>
 * ("generation N is being applied") before the backend touches a file, and the generation is
 * recorded as applied (intent removed) only after the backend succeeded. So after a crash, a
 * killed command or a full disk, an intent left behind or an applied generation behind the desired
 * one says that the mail server may hold anything between the old and the new state, and the next
 * start or change re-applies everything from the store (see {@link ChangePipeline} and {@link Recovery}).
 *
 * <pre>
 * state.generation   desired generation (a number), raised by each change that is applied
 * state.applied      the generation the mail server was last brought to, and by which backend (JSON)
 * state.intent       present while a change is being applied (JSON)
 * </pre>
 */
final class ApplyJournal {
    static final String GENERATION = "state.generation";
    static final String APPLIED = "state.applied";
    static final String INTENT = "state.intent";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A change under way (or interrupted): its generation, what it was and when it began. */
    record Intent(long generation, String action, String at) {
    }

    /** The last generation the mail server was brought to. */
    record Applied(long generation, String backend, String at) {
    }

    /** Where the store stands. */
    record State(long generation, Applied applied, Optional<Intent> intent) {
        /** Whether the mail server may not follow the store (interrupted or never applied). */
        boolean behind() {
            return intent.isPresent() || applied.generation() != generation;
        }
    }

    private static final Applied NEVER_APPLIED = new Applied(0, "", "");
    private static final Applied UNREADABLE_APPLIED = new Applied(-1, "", "");
    private static final Intent UNREADABLE_INTENT = new Intent(-1, "unreadable", "");

    private ApplyJournal() {
    }

    static State read(SettingsStore.Transaction tx) {
        return read(tx::get);
    }

    static State read(SettingsStore store) {
        return read(store::get);
    }

    /**
     * The order of the reads matters to {@code Recovery.mayBeBehind}, which reads without the apply lock: the
     * generation, then the applied mark, then the intent. A change commits its intent with its generation, and
     * removes it with the applied mark, so reads in this order outside a transaction can only err towards "behind".
     */
    private static State read(Function<String, Optional<String>> get) {
        return new State(get.apply(GENERATION).map(ApplyJournal::number).orElse(0L),
                get.apply(APPLIED).map(v -> parse(v, Applied.class, UNREADABLE_APPLIED)).orElse(NEVER_APPLIED),
                get.apply(INTENT).map(v -> parse(v, Intent.class, UNREADABLE_INTENT)));
    }

    /** Raises the generation and records the intent to apply it; returns the new generation. */
    static long begin(SettingsStore.Transaction tx, String action, Instant now) {
        long next = generation(tx) + 1;
        tx.put(GENERATION, Long.toString(next));
        tx.put(INTENT, json(new Intent(next, action, now.toString())));
        return next;
    }

    /** Raises the generation without an apply (no backend to apply it): the mail server stays behind. */
    static long bump(SettingsStore.Transaction tx) {
        long next = generation(tx) + 1;
        tx.put(GENERATION, Long.toString(next));
        return next;
    }

    /** The mail server now follows {@code generation}: the intent is done. */
    static void applied(SettingsStore.Transaction tx, long generation, String backend, Instant now) {
        tx.put(APPLIED, json(new Applied(generation, backend, now.toString())));
        tx.delete(INTENT);
    }

    private static long generation(SettingsStore.Transaction tx) {
        return tx.get(GENERATION).map(ApplyJournal::number).orElse(0L);
    }

    private static long number(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unreadable record reads as {@code unreadable}: taken for an interrupted change, re-applying is always safe. */
    private static <T> T parse(String v, Class<T> type, T unreadable) {
        try {
            return JSON.readValue(v, type);
        } catch (IOException e) {
            return unreadable;
        }
    }
}
