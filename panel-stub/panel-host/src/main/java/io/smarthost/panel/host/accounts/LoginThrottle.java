package io.smarthost.panel.host.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} consecutive failures for a login, further
 * attempts for it are refused (even with the right password) until the lock time has passed. Each
 * new lock doubles the lock time, up to one hour. Kept in memory: a restart forgives.
 *
 * <p>An attempt is counted when it starts ({@link #attempt}), before the password is checked, so
 * requests sent in parallel cannot get more than {@code maxFailures} guesses through; a success
 * ({@link #succeeded}) clears the count. Entries idle for a day are forgotten, and at most
 * {@link #MAX_ENTRIES} are kept (the longest idle dropped first), so made-up logins cannot fill memory.
 */
public final class LoginThrottle {

    static final int MAX_ENTRIES = 10_000;
    /** An entry with no lock running is forgotten after this long without attempts. */
    static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final int maxFailures;
    private final Duration lockTime;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private volatile Instant lastSweep;

    private record State(int failures, int locks, Instant lockedUntil, Instant lastAttempt) {
        boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    public LoginThrottle(int maxFailures, Duration lockTime, Clock clock) {
        this(maxFailures, lockTime, clock, MAX_ENTRIES);
    }

    LoginThrottle(int maxFailures, Duration lockTime, Clock clock, int maxEntries) {
        this.maxFailures = maxFailures;
        this.lockTime = lockTime;
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.lastSweep = clock.instant();
    }

    /** How long the login is still locked, if it is. */
    public Optional<Duration> lockedFor(String login) {
        State s = states.get(login);
        return s == null ? Optional.empty() : left(s, clock.instant());
    }

    /**
     * Starts a login attempt: when the login is locked, returns how long for and counts nothing; else
     * counts the attempt as failed until {@link #succeeded} says otherwise (the attempt reaching the
     * limit locks the login for every later one, and is itself still let through).
     */
    public Optional<Duration> attempt(String login) {
        Instant now = clock.instant();
        Duration[] refused = new Duration[1];
        states.compute(login, (k, s) -> {
            State state = s == null ? new State(0, 0, null, now) : s;
            if (state.lockedAt(now)) {
                refused[0] = Duration.between(now, state.lockedUntil);
                return state;
            }
            int failures = state.failures + 1;
            if (failures >= maxFailures) {
                long factor = 1L << Math.min(state.locks, 12);
                Duration lock = lockTime.multipliedBy(factor);
                if (lock.compareTo(Duration.ofHours(1)) > 0) {
                    lock = Duration.ofHours(1);
                }
                return new State(0, state.locks + 1, now.plus(lock), now);
            }
            return new State(failures, state.locks, state.lockedUntil, now);
        });
        sweepIfNeeded(now);
        return Optional.ofNullable(refused[0]);
    }

    public void succeeded(String login) {
        states.remove(login);
    }

    /** How many logins are remembered. */
    int size() {
        return states.size();
    }

    private static Optional<Duration> left(State s, Instant now) {
        return s.lockedAt(now) ? Optional.of(Duration.between(now, s.lockedUntil)) : Optional.empty();
    }

    private void sweepIfNeeded(Instant now) {
        if (states.size() <= maxEntries && lastSweep.plus(SWEEP_EVERY).isAfter(now)) {
            return;
        }
        synchronized (this) {
            lastSweep = now;
            states.values().removeIf(s -> !s.lockedAt(now) && s.lastAttempt.plus(FORGET_AFTER).isBefore(now));
            int excess = states.size() - maxEntries;
            if (excess > 0) {
                // a flood of made-up logins: forget the longest idle ones (a tenth more, so this stays rare)
                int drop = excess + maxEntries / 10;
                states.entrySet().stream().sorted(Comparator.comparing(e -> e.getValue().lastAttempt)).limit(drop)
                        .map(Map.Entry::getKey).toList().forEach(states::remove);
            }
        }
    }
}
