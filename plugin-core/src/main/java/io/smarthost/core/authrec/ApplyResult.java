package io.smarthost.core.authrec;

import java.util.List;
import java.util.Objects;

/**
 * What "apply to the panel's zone" did with one record.
 *
 * @param record   the record
 * @param result   what happened
 * @param existing the zone's records in the way ({@code TYPE value}) for {@link Result#CONFLICT} and
 *                 {@link Result#REPLACED}; empty otherwise
 * @param reason   for {@link Result#FAILED}, what the DNS service said
 * @since 1.3
 */
public record ApplyResult(AuthRecord record, Result result, List<String> existing, String reason) {

    /** Results; labels {@code authrec.result.<NAME>}. */
    public enum Result {
        /** Added to the zone. */
        APPLIED,
        /** Already in the zone; nothing written. */
        UNCHANGED,
        /** Written over the records in {@link #existing()}, because the caller asked to replace conflicts. */
        REPLACED,
        /** Not written: the zone has other records at the name ({@link #existing()}); never overwritten silently. */
        CONFLICT,
        /** The panel does not serve the zone: publish the record at the domain's DNS host. */
        PUBLISH_BY_HAND,
        /** The DNS service refused the change; the zone is as it was. */
        FAILED
    }

    public ApplyResult {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(result, "result");
        existing = List.copyOf(existing);
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether the result means the record is not where it should be and someone must act. */
    public boolean bad() {
        return result == Result.CONFLICT || result == Result.FAILED;
    }
}
