package io.smarthost.core.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The last self-check, for pages that show it on every view: computed again when older than its
 * time to live or after a change through the service ({@link #invalidate()}).
 */
final class HealthCache {
    private final Clock clock;
    private final Duration ttl;
    private volatile HealthReport last;
    private volatile boolean stale = true;

    HealthCache(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    HealthReport get(Supplier<HealthReport> compute) {
        HealthReport r = last;
        if (r == null || stale || r.at().plus(ttl).isBefore(clock.instant())) {
            stale = false;
            r = compute.get();
            last = r;
        }
        return r;
    }

    /** The last report, whatever its age. */
    Optional<HealthReport> last() {
        return Optional.ofNullable(last);
    }

    void invalidate() {
        stale = true;
    }
}
