package io.smarthost.core.delivery;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One delivery attempt as the mail server logged it.
 *
 * @param time         when it was logged
 * @param queueId      the mail server's queue id of the message
 * @param sender       the envelope sender, empty for a bounce (null sender) or when the log did not say
 * @param recipient    the envelope recipient
 * @param relay        the next hop actually reached, as logged ({@code smtp.example.com[192.0.2.1]:587}),
 *                     {@code none} when no connection was made
 * @param outcome      sent, deferred or bounced
 * @param dsn          the enhanced status code ({@code 2.0.0}), empty when not logged
 * @param reply        the explanation in parentheses: the relay's reply or the mail server's own reason
 * @param delaySeconds total time in the queue, as logged
 */
public record Delivery(Instant time, String queueId, String sender, String recipient, String relay, Outcome outcome,
                       String dsn, String reply, double delaySeconds) {
    public Delivery {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(outcome, "outcome");
        queueId = queueId == null ? "" : queueId;
        sender = sender == null ? "" : sender;
        recipient = recipient == null ? "" : recipient;
        relay = relay == null ? "none" : relay;
        dsn = dsn == null ? "" : dsn;
        reply = reply == null ? "" : reply;
    }

    /** The sender's domain in lower case, empty for a bounce or a sender without {@code @}. */
    public String senderDomain() {
        int at = sender.lastIndexOf('@');
        return at < 0 ? "" : sender.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** The three-digit SMTP reply code found in {@link #reply()}, or 0 when there is none. */
    public int replyCode() {
        return ReplyCodes.code(reply);
    }
}
