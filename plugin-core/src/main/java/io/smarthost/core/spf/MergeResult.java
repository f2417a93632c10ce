package io.smarthost.core.spf;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SpfMerge#merge} produced.
 *
 * @param record      the SPF record the domain needs (the existing one when nothing had to change)
 * @param changed     whether {@code record} differs from the existing record (or there was none)
 * @param lookupCount DNS lookups the record's own terms cost; see {@link SpfRecord#ownLookupCount()}
 * @param problems    what is wrong or was fixed; {@link SpfProblem.Code#blocking() blocking} ones mean the
 *                    record must not be published as is
 * @since 1.0
 */
public record MergeResult(String record, boolean changed, int lookupCount, List<SpfProblem> problems) {

    public MergeResult {
        Objects.requireNonNull(record, "record");
        problems = List.copyOf(problems);
    }

    public boolean withinLookupLimit() {
        return lookupCount <= SpfRecord.LOOKUP_LIMIT;
    }

    public boolean blocked() {
        return problems.stream().anyMatch(p -> p.code().blocking());
    }
}
