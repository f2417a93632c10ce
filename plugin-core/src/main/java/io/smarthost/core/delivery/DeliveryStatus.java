package io.smarthost.core.delivery;

import io.smarthost.core.delivery.ScopeStats.Counts;
import io.smarthost.core.delivery.ScopeStats.LastError;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Delivery through one scope's relay as the mail server saw it, for the pages, the REST API and the CLI.
 *
 * @param scope      {@code server}, {@code direct} or a domain name
 * @param available  whether the mail server can report at all (false: every other field is empty)
 * @param state      {@link State#FAILING} when the last attempt failed because of the relay
 * @param lastHour   attempts in the last hour
 * @param last24h    attempts in the last 24 hours
 * @param last7d     attempts in the last 7 days
 * @param hourly     the last 24 hours, one entry per hour, oldest first
 * @param lastError  the last failure
 * @param lastSent   when a message last went out
 * @param lastRelay  the next hop reached by the last attempt, as logged
 * @param via        which settings applied to the last attempt ({@code sender}, {@code domain}, {@code alias}, {@code server},
 *                   {@code direct}, empty when none was seen)
 * @param queue      what waits in the queue for this scope
 * @param source     where the log is read from
 * @param readUpTo   when the log was last read to its end
 * @param problem    why the log or queue could not be read, empty when they could
 */
public record DeliveryStatus(String scope, boolean available, State state, Counts lastHour, Counts last24h,
                             Counts last7d, List<Counts> hourly, Optional<LastError> lastError,
                             Optional<Instant> lastSent, String lastRelay, String via, QueueSummary queue,
                             String source, Optional<Instant> readUpTo, String problem) {

    /** How a scope's relay is doing. */
    public enum State {
        /** The last attempt went out. */
        OK,
        /** The last attempt was deferred or bounced because of the relay. */
        FAILING,
        /** Nothing was seen in the last 7 days. */
        IDLE,
        /** The mail server cannot report. */
        UNAVAILABLE
    }

    public DeliveryStatus {
        hourly = List.copyOf(hourly);
    }

    /** For backends that cannot report. */
    public static DeliveryStatus unavailable(String scope) {
        Counts none = new Counts(0, 0, 0);
        return new DeliveryStatus(scope, false, State.UNAVAILABLE, none, none, none, List.of(), Optional.empty(),
                Optional.empty(), "", "", QueueSummary.empty(), "", Optional.empty(), "");
    }

    /** Whether monitoring should be told (CLI exit 1): the relay is failing. */
    public boolean failing() {
        return state == State.FAILING;
    }
}
