package io.smarthost.core.authrec;

import java.util.List;
import java.util.Objects;

/**
 * One record as the panel's own DNS zone holds it (no DNS query).
 *
 * @param record      the record asked for
 * @param state       not served here, in the zone, absent, or in conflict with what the zone has
 * @param existing    for a conflict: the zone's records at the name that are in the way ({@code TYPE value})
 * @param replaceable whether "replace" may write over the conflict (another CNAME target, another DKIM
 *                    key or DMARC policy); false when other kinds of records would have to go
 * @since 1.3
 */
public record ZoneRecord(AuthRecord record, State state, List<String> existing, boolean replaceable) {

    /** Zone states; labels {@code authrec.zone.<NAME>}. */
    public enum State { NOT_SERVED, IN_ZONE, ABSENT, CONFLICT }

    public ZoneRecord {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(state, "state");
        existing = List.copyOf(existing);
    }
}
