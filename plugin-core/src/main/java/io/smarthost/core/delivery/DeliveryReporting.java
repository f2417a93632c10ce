package io.smarthost.core.delivery;

import io.smarthost.core.backend.BackendException;
import java.util.List;
import java.util.Optional;

/**
 * A mail server's own account of delivery: its log (what happened to each message) and its queue (what
 * waits). The optional capability of a {@link io.smarthost.core.backend.MailBackend}: backends that cannot
 * report (MailEnable, SmarterMail today) return none from {@code MailBackend.deliveryReporting()} and the
 * pages say "not available with this mail server".
 *
 * @since 1.1
 */
public interface DeliveryReporting {

    /** A new reader of the log, starting at its beginning until {@link DeliveryLog#restore} says otherwise. */
    DeliveryLog openLog();

    /** Where the log is read from, for people. */
    String logSource();

    /**
     * The messages waiting now, at most {@code limit} of them. Runs a program (e.g. {@code postqueue -j}):
     * call it from a background thread or the CLI, not once per page view.
     */
    List<QueuedMessage> queue(int limit) throws BackendException;

    /**
     * Asks the mail server to try queued mail again now: one message by its queue id, or every deferred
     * message when {@code queueId} is empty.
     *
     * @throws IllegalArgumentException when the queue id is malformed
     */
    void retry(Optional<String> queueId) throws BackendException;

    /**
     * Hands a short test message from {@code from} to {@code to} to the mail server the way local programs do
     * (Postfix: its {@code sendmail -C DIR}) and follows it through the log until the first delivery attempt is
     * logged or {@code wait} has passed. Runs on the caller's thread (the CLI, a background task).
     *
     * @throws IllegalArgumentException a malformed address
     * @throws BackendException         the mail server refused the message, or this backend cannot follow one
     */
    default MtaTestResult sendThrough(String from, String to, java.time.Duration wait) throws BackendException {
        throw new BackendException("send-test", "this mail server cannot follow a test message through its log");
    }

    /**
     * {@link #sendThrough(String, String, java.time.Duration)}, telling {@code queued} the queue id as soon as the
     * log names it (before the delivery attempt), so that a page can show "queued as ID" while it waits. Called
     * on the caller's thread; the default tells nothing until the end.
     *
     * @since 1.2
     */
    default MtaTestResult sendThrough(String from, String to, java.time.Duration wait,
                                      java.util.function.Consumer<String> queued) throws BackendException {
        MtaTestResult r = sendThrough(from, to, wait);
        if (!r.queueId().isEmpty()) {
            queued.accept(r.queueId());
        }
        return r;
    }
}
