package io.smarthost.core.delivery;

import java.time.Instant;

/**
 * A message waiting in the mail server's queue.
 *
 * @param queueId    the queue id ({@code postqueue -i ID} retries it)
 * @param queue      which queue it is in ({@code deferred}, {@code active}, {@code hold}, ...)
 * @param sender     the envelope sender, empty for a bounce
 * @param arrival    when it entered the queue
 * @param recipients how many recipients are still to be delivered
 * @param reason     why the last attempt failed, empty when it was not tried yet
 */
public record QueuedMessage(String queueId, String queue, String sender, Instant arrival, int recipients,
                            String reason) {
    public QueuedMessage {
        sender = sender == null ? "" : sender;
        reason = reason == null ? "" : reason;
    }

    /** The sender's domain in lower case, empty for a bounce. */
    public String senderDomain() {
        int at = sender.lastIndexOf('@');
        return at < 0 ? "" : sender.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
