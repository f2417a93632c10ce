package io.smarthost.core.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The messages of one scope waiting in the mail server's queue.
 *
 * @param count      how many messages wait
 * @param oldest     when the oldest of them arrived
 * @param lastReason why the newest deferred one is waiting, empty when none says
 * @param ids        queue ids of the waiting messages, oldest first, at most {@link #IDS_KEPT}
 */
public record QueueSummary(int count, Optional<Instant> oldest, String lastReason, List<String> ids) {
    public static final int IDS_KEPT = 20;

    public QueueSummary {
        ids = List.copyOf(ids);
    }

    public static QueueSummary empty() {
        return new QueueSummary(0, Optional.empty(), "", List.of());
    }

    /** Summarises {@code messages} (all of one scope). */
    public static QueueSummary of(List<QueuedMessage> messages) {
        if (messages.isEmpty()) {
            return empty();
        }
        List<QueuedMessage> sorted = messages.stream().sorted(java.util.Comparator.comparing(QueuedMessage::arrival)).toList();
        String reason = "";
        for (int i = sorted.size() - 1; i >= 0 && reason.isEmpty(); i--) {
            reason = sorted.get(i).reason();
        }
        return new QueueSummary(sorted.size(), Optional.of(sorted.get(0).arrival()), reason,
                sorted.stream().limit(IDS_KEPT).map(QueuedMessage::queueId).toList());
    }
}
