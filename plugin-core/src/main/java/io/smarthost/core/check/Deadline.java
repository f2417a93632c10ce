package io.smarthost.core.check;

import java.time.Duration;

/** The check's overall time limit; every blocking call takes the smaller of its own limit and what is left. */
final class Deadline {
    private final long endNanos;

    Deadline(long startNanos, Duration total) {
        this.endNanos = startNanos + total.toNanos();
    }

    Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    boolean passed() {
        return remaining().isZero();
    }

    /** A socket timeout in ms (at least 1: 0 would mean "forever"). */
    int millis(Duration own) {
        Duration bound = own.compareTo(remaining()) < 0 ? own : remaining();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, bound.toMillis()));
    }
}
