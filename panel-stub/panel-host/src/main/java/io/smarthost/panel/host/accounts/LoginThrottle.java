package io.smarthost.panel.host.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} consecutive failures for a login, further
 * attempts for it are refused (even with the right password) until the lock time has passed. Each
 * new lock doubles the lock time, up to one hour. Kept in memory: a restart forgives.
 */
public final class LoginThrottle {

    private final int maxFailures;
    private final Duration lockTime;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    private record State(int failures, int locks, Instant lockedUntil) {
    }

    public LoginThrottle(int maxFailures, Duration lockTime, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockTime = lockTime;
        this.clock = clock;
    }

    /** How long the login is still locked, if it is. */
    public Optional<Duration> lockedFor(String login) {
        State s = states.get(login);
        if (s == null || s.lockedUntil == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), s.lockedUntil);
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public void failed(String login) {
        states.compute(login, (k, s) -> {
            State state = s == null ? new State(0, 0, null) : s;
            int failures = state.failures + 1;
            if (failures >= maxFailures) {
                long factor = 1L << Math.min(state.locks, 12);
                Duration lock = lockTime.multipliedBy(factor);
                if (lock.compareTo(Duration.ofHours(1)) > 0) {
                    lock = Duration.ofHours(1);
                }
                return new State(0, state.locks + 1, clock.instant().plus(lock));
            }
            return new State(failures, state.locks, state.lockedUntil);
        });
    }

    public void succeeded(String login) {
        states.remove(login);
    }
}
