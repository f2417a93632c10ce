package io.smarthost.core.spf;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an SPF change did, for one domain or the DNS template.
 *
 * @param target   the domain, or {@link SpfService#TEMPLATE_TARGET} for the DNS template
 * @param result   what happened
 * @param before   the SPF record before (empty when there was none)
 * @param after    the SPF record now, or the one to publish by hand; empty when the record was removed
 *                 or nothing safe exists
 * @param problems why it was refused or failed, and what the merge fixed on the way
 * @param reason   for {@link Result#FAILED}: what the DNS service or the lookup said; empty otherwise
 * @since 1.0
 */
public record ApplyOutcome(String target, Result result, Optional<String> before, Optional<String> after,
                           List<SpfProblem> problems, String reason) {

    /** Results; labels in {@code i18n/spf} under {@code spf.result.<NAME>}. */
    public enum Result {
        /** The zone (or template) was changed atomically and the change logged. */
        APPLIED,
        /** The record was already right; nothing written. */
        UNCHANGED,
        /** The panel does not serve the zone: publish {@link #after()} (TXT at the domain) by hand. */
        PUBLISH_BY_HAND,
        /** No safe change exists (several SPF records, over the lookup limit): see the problems. */
        REFUSED,
        /** The DNS service or a lookup failed; the zone is as it was. */
        FAILED
    }

    public ApplyOutcome {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        problems = List.copyOf(problems);
        Objects.requireNonNull(reason, "reason");
    }
}
