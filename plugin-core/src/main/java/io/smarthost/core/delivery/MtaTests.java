package io.smarthost.core.delivery;

import io.smarthost.core.backend.BackendException;
import io.smarthost.core.check.TestMail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test messages handed to the mail server and followed through its log ("send through the mail server" on the
 * pages and {@code POST .../mta-tests} in the REST API), each on a thread of its own, their live state kept for
 * the pages to poll: {@code STARTING} (handing over), {@code QUEUED} (the log named its queue id), then
 * {@code SENT}, {@code DEFERRED} or {@code BOUNCED} (the first delivery attempt), {@code TIMEOUT} (no attempt
 * logged within {@link #WAIT}) or {@code FAILED} (the mail server refused the message).
 *
 * <p>Limits: one running test per scope (the server, or one domain), at most {@link #RUNNING_MAX} running in all;
 * a finished test is kept {@link #KEEP} (then {@link #get} says nothing), at most {@link #KEPT} of them.
 * One per plugin context ({@link DeliveryRuntime#mtaTests}); thread-safe.
 */
public final class MtaTests implements AutoCloseable {
    /** How long the log is followed for the first delivery attempt. */
    public static final Duration WAIT = Duration.ofSeconds(30);
    /** How long a finished test's result is kept. */
    public static final Duration KEEP = Duration.ofMinutes(15);
    static final int KEPT = 200;
    static final int RUNNING_MAX = 8;

    /** Where a test is. */
    public enum State {
        STARTING, QUEUED, SENT, DEFERRED, BOUNCED, TIMEOUT, FAILED;

        /** Whether the test is over (nothing will change any more). */
        public boolean done() {
            return this != STARTING && this != QUEUED;
        }
    }

    /**
     * One test as it is now.
     *
     * @param id       its id (in the URLs)
     * @param scope    {@code server} or {@code @domain}: who may read it
     * @param from     the envelope sender
     * @param to       the recipient
     * @param state    where it is
     * @param queueId  the mail server's queue id, empty until the log named it
     * @param delivery the first delivery attempt (sent, deferred or bounced), when logged
     * @param problem  why the mail server refused the message ({@code FAILED}), else empty
     * @param started  when it was started
     * @param finished when it ended, empty while it runs
     */
    public record Snapshot(String id, String scope, String from, String to, State state, String queueId,
                           Optional<Delivery> delivery, String problem, Instant started, Optional<Instant> finished) {
        /** Seconds from the start to the end (or to now while running). */
        public double seconds(Instant now) {
            return Duration.between(started, finished.orElse(now)).toMillis() / 1000.0;
        }
    }

    /** Why a test was not started. */
    public static final class Refused extends RuntimeException {
        /** {@code busy}: one runs for this scope (its id in {@link #runningId}); {@code full}: too many run; {@code unavailable}. */
        public final String reason;
        public final String runningId;

        Refused(String reason, String runningId, String message) {
            super(message);
            this.reason = reason;
            this.runningId = runningId;
        }
    }

    private final Optional<DeliveryReporting> reporting;
    private final Clock clock;
    private final Duration wait;
    private final Map<String, Snapshot> tests = new LinkedHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "smarthost-mta-test");
        t.setDaemon(true);
        return t;
    });

    public MtaTests(Optional<DeliveryReporting> reporting, Clock clock) {
        this(reporting, clock, WAIT);
    }

    MtaTests(Optional<DeliveryReporting> reporting, Clock clock, Duration wait) {
        this.reporting = reporting;
        this.clock = clock;
        this.wait = wait;
    }

    /** Whether the mail server can take and follow a test message at all. */
    public boolean available() {
        return reporting.isPresent();
    }

    /**
     * Starts a test for {@code scope} ({@code server} or {@code @domain}).
     *
     * @throws IllegalArgumentException {@code from: ...} or {@code to: ...}, an address that is not one
     * @throws Refused                  one already runs for this scope, too many run, or the mail server cannot
     */
    public synchronized Snapshot start(String scope, String from, String to) {
        TestMail addresses = new TestMail(from == null ? "" : from, to == null ? "" : to);
        if (reporting.isEmpty()) {
            throw new Refused("unavailable", "", "a test through the mail server is not available with this mail server");
        }
        expire();
        int running = 0;
        for (Snapshot s : tests.values()) {
            if (!s.state().done()) {
                if (s.scope().equals(scope)) {
                    throw new Refused("busy", s.id(), "a test message is already on its way for this "
                            + (scope.equals("server") ? "server" : "domain") + "; wait for its result (" + s.id() + ")");
                }
                running++;
            }
        }
        if (running >= RUNNING_MAX) {
            throw new Refused("full", "", "too many test messages are on their way; try again in a few seconds");
        }
        Snapshot s = new Snapshot(UUID.randomUUID().toString(), scope, addresses.from(), addresses.to(), State.STARTING,
                "", Optional.empty(), "", clock.instant(), Optional.empty());
        tests.put(s.id(), s);
        threads.execute(() -> run(s));
        return s;
    }

    private void run(Snapshot s) {
        try {
            MtaTestResult r = reporting.get().sendThrough(s.from(), s.to(), wait, id -> update(s.id(),
                    x -> new Snapshot(x.id(), x.scope(), x.from(), x.to(), State.QUEUED, id, x.delivery(), "", x.started(),
                            Optional.empty())));
            State end = r.delivery().map(d -> switch (d.outcome()) {
                case SENT -> State.SENT;
                case DEFERRED -> State.DEFERRED;
                case BOUNCED -> State.BOUNCED;
            }).orElse(State.TIMEOUT);
            update(s.id(), x -> new Snapshot(x.id(), x.scope(), x.from(), x.to(), end, r.queueId(), r.delivery(), "",
                    x.started(), Optional.of(clock.instant())));
        } catch (BackendException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            update(s.id(), x -> new Snapshot(x.id(), x.scope(), x.from(), x.to(), State.FAILED, x.queueId(), Optional.empty(),
                    why, x.started(), Optional.of(clock.instant())));
        }
    }

    private synchronized void update(String id, java.util.function.UnaryOperator<Snapshot> change) {
        Snapshot s = tests.get(id);
        if (s != null) {
            tests.put(id, change.apply(s));
        }
    }

    /** The test {@code id} as it is now; empty when unknown or expired. */
    public synchronized Optional<Snapshot> get(String id) {
        expire();
        return Optional.ofNullable(tests.get(id));
    }

    /** Forgets tests finished more than {@link #KEEP} ago, and the oldest finished ones beyond {@link #KEPT}. */
    private void expire() {
        Instant cut = clock.instant().minus(KEEP);
        tests.values().removeIf(s -> s.finished().map(f -> f.isBefore(cut)).orElse(false));
        Iterator<Snapshot> oldest = tests.values().iterator();
        int over = tests.size() - KEPT;
        while (over > 0 && oldest.hasNext()) {
            if (oldest.next().state().done()) {
                oldest.remove();
                over--;
            }
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
