package io.smarthost.core.delivery;

import java.util.Optional;

/**
 * A test message handed to the mail server and followed through its log to the relay's reply.
 *
 * @param queueId  the mail server's queue id, empty when the log never named it in time
 * @param delivery the first delivery attempt logged for it (sent: the relay accepted it; deferred or bounced:
 *                 the reason), empty when none was logged in time
 * @param waitedMs how long the log was followed
 */
public record MtaTestResult(String queueId, Optional<Delivery> delivery, long waitedMs) {
}
