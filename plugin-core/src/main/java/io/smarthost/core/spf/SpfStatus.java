package io.smarthost.core.spf;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A domain's SPF situation for one relay include: what the world sees, what the panel's zone holds,
 * and what to do.
 *
 * @param domain          the domain
 * @param include         the include the relay needs (canonical, {@link SpfInclude#normalize})
 * @param state           what receivers see now (live DNS query)
 * @param published       the live answer (records, or why the query failed)
 * @param lookups         DNS lookups the published record costs with nested records; 0 without one
 * @param lookupsComplete false when {@code lookups} is only a lower bound (see {@link LookupWalk#complete()})
 * @param zoneServed      whether the panel serves the domain's zone
 * @param zoneState       the state of the panel's zone record; empty when the zone is not served
 * @param zoneSpfRecords  the SPF records in the panel's zone (empty when not served)
 * @param recordToPublish the single SPF record the domain needs, merged into the zone's record when the
 *                        zone is served, else into the published one; empty when there is no safe one
 * @param action          what to do
 * @param problems        everything found, for people ({@link SpfText})
 * @since 1.0
 */
public record SpfStatus(String domain, String include, SpfState state, TxtAnswer published, int lookups,
                        boolean lookupsComplete, boolean zoneServed, Optional<SpfState> zoneState,
                        List<String> zoneSpfRecords, Optional<String> recordToPublish, SpfAction action,
                        List<SpfProblem> problems) {

    public SpfStatus {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(include, "include");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(published, "published");
        Objects.requireNonNull(zoneState, "zoneState");
        zoneSpfRecords = List.copyOf(zoneSpfRecords);
        Objects.requireNonNull(recordToPublish, "recordToPublish");
        Objects.requireNonNull(action, "action");
        problems = List.copyOf(problems);
    }

    /** The reason of a {@link SpfState#LOOKUP_FAILED} state ({@code SERVFAIL}, {@code timeout after 3000 ms}); empty otherwise. */
    public String failureReason() {
        return published.reason();
    }
}
