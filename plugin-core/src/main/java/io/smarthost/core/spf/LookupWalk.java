package io.smarthost.core.spf;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The DNS lookups an SPF record costs receivers, counted by following its includes and redirect
 * with real queries ({@link SpfChecker#walk}).
 *
 * @param lookups  terms that cause a DNS query, in the record and every record it includes or redirects to
 * @param complete false when a nested query failed, a macro could not be followed, or a bound
 *                 (depth, time) stopped the walk: {@code lookups} is then a lower bound
 * @param reached  include and redirect targets reached through pass results only: a relay whose
 *                 include is among them is authorised, even through a chain ({@code include:_spf.example.com}
 *                 that itself includes the relay)
 * @param problems what the walk found (nested records missing, loops, failures, over the limit)
 * @param millis   how long the walk took
 * @since 1.0
 */
public record LookupWalk(int lookups, boolean complete, Set<String> reached, List<SpfProblem> problems, long millis) {

    public LookupWalk {
        reached = Set.copyOf(reached);
        problems = List.copyOf(problems);
        Objects.requireNonNull(problems, "problems");
    }

    public boolean overLimit() {
        return lookups > SpfRecord.LOOKUP_LIMIT;
    }

    /** Whether {@code include} is reached through the chain (direct includes are in the set as well). */
    public boolean reaches(String include) {
        return reached.contains(SpfInclude.normalize(include));
    }
}
