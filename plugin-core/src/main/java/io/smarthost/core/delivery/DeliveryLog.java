package io.smarthost.core.delivery;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * An incremental reader of the mail server's log, owned by one {@link DeliveryTracker}: each {@link #read}
 * continues where the previous one stopped, and {@link #cursor()} says where that is, so that a restarted
 * panel (or another process) continues from there without reading a line twice. Not thread-safe: the
 * tracker calls it from one thread at a time.
 *
 * @since 1.1
 */
public interface DeliveryLog extends AutoCloseable {

    /**
     * Reads up to about {@code maxLines} new complete lines and gives each delivery attempt found to
     * {@code sink}, in log order. Lines that are not the mail server's, truncated or malformed are skipped
     * and counted; a line still being written is left for the next read.
     */
    ReadStats read(Consumer<Delivery> sink, int maxLines) throws IOException;

    /** Where the next read starts, as text to store (empty text: the beginning). */
    String cursor();

    /** Continues from a {@link #cursor()} stored earlier (empty or unreadable text: from the beginning). */
    void restore(String cursor);

    /** Where the log is read from, for people ({@code /var/log/mail.log}, {@code journal}). */
    String source();

    @Override
    default void close() {
    }

    /**
     * What one {@link #read} did.
     *
     * @param lines      complete lines read
     * @param deliveries delivery attempts given to the sink
     * @param skipped    lines skipped as foreign, malformed or too long
     * @param caughtUp   whether the end of the log was reached
     */
    record ReadStats(long lines, long deliveries, long skipped, boolean caughtUp) {
    }
}
