package io.smarthost.core.authrec;

import java.util.List;
import java.util.Objects;

/**
 * What DNS publishes now for one record (a live query, as receivers and the relay service see it).
 *
 * @param record the record asked for
 * @param state  found, published with another value, missing, or the query failed
 * @param found  what the name publishes now of that type (CNAME target, or TXT texts); empty when missing
 * @param reason why the query failed ({@code SERVFAIL}, {@code timeout after 3000 ms}); empty otherwise
 * @since 1.3
 */
public record RecordCheck(AuthRecord record, State state, List<String> found, String reason) {

    /** Live states; labels {@code authrec.live.<NAME>}. */
    public enum State { FOUND, DIFFERENT, MISSING, FAILED }

    public RecordCheck {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(state, "state");
        found = List.copyOf(found);
        Objects.requireNonNull(reason, "reason");
    }
}
