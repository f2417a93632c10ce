package io.smarthost.core.delivery;

import io.smarthost.core.backend.AddressExtensions;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.EffectiveRelay;
import io.smarthost.core.backend.RelayLevel;
import io.smarthost.core.delivery.DeliveryLog.ReadStats;
import io.smarthost.core.delivery.DeliveryStatus.State;
import io.smarthost.panel.api.Domain;
import io.smarthost.panel.api.services.ActionLog;
import io.smarthost.panel.api.services.SettingsStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the mail server's log into per-scope delivery figures kept in the plugin's store, and keeps the last
 * look at its queue.
 *
 * <p>{@link #poll()} reads what the log gained since the stored cursor, attributes each attempt
 * ({@link Attribution}), and commits the changed scopes together with the new cursor in one transaction, under
 * the store's lock {@link #LOCK}: the panel's background reader and a {@code panel bin} command never count a
 * line twice, and a crash between two commits loses nothing (the next poll starts from the committed cursor).
 * A relay that starts failing or recovers is written to the action log.
 *
 * <p>Reads ({@link #status}) never touch the log: they answer from figures published after each commit (or the
 * store), so a page view costs the same whatever the size of the log. Thread-safe.
 *
 * <pre>
 * %cursor          where the log was read up to (DeliveryLog.cursor())
 * %server          the server-wide relay's figures (ScopeStats JSON)
 * %direct          mail delivered without a relay
 * %@name           one hosted domain's mail through its own relay, or through the server's or none when it
 *                  has no relay of its own (never the mail of its addresses with a relay of their own)
 * %local@name      the mail of one sender address through its own relay (per-sender relays)
 * </pre>
 */
public final class DeliveryTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryTracker.class);
    /** Store key prefix of everything the tracker keeps (free in {@code StoreKeys}). */
    public static final String PREFIX = "%";
    static final String CURSOR = PREFIX + "cursor";
    /** The store lock that keeps two processes from reading the log at the same time. */
    public static final String LOCK = "delivery.log";
    static final int LINES_PER_COMMIT = 200_000;
    static final Duration QUEUE_TTL = Duration.ofSeconds(10);
    static final int QUEUE_LIMIT = 50_000;
    /** At most this many scopes' figures are kept in memory (the store has them all): 100,000 did not fit the heap. */
    static final int PUBLISHED_MAX = 20_000;

    private final SettingsStore store;
    private final ActionLog actionLog;
    private final Optional<DeliveryReporting> reporting;
    private final Function<String, EffectiveRelay> effective;
    private final Function<String, Optional<Domain>> hosted;
    private final Function<String, java.util.Set<String>> senderRelays;
    private final java.util.function.Supplier<AddressExtensions> extensions;
    private final Clock clock;
    private final Optional<DeliveryLog> log;

    private final Map<String, ScopeStats> published = new ConcurrentHashMap<>();
    private final Object pollLock = new Object();
    private volatile String cursorInMemory;
    private volatile Instant readUpTo;
    private volatile String problem = "";
    private volatile Map<String, List<QueuedMessage>> queueByScope = Map.of();
    private volatile Instant queueAt;
    private volatile Thread worker;
    /** Relay scopes failing now (server, or @domain with its own relay); null until first asked for. */
    private volatile java.util.Set<String> failingScopes;
    private volatile boolean closed;
    /** Scopes whose latest state is not announced yet (ScopeStats#settle may announce it at a later poll). */
    private final java.util.Set<String> unsettled = ConcurrentHashMap.newKeySet();

    /** A tracker for a mail server without per-sender relays. */
    public DeliveryTracker(SettingsStore store, ActionLog actionLog, Optional<DeliveryReporting> reporting,
                           Function<String, EffectiveRelay> effective, Function<String, Optional<Domain>> hosted,
                           Clock clock) {
        this(store, actionLog, reporting, effective, hosted, domain -> java.util.Set.of(), clock);
    }

    /**
     * @param effective    where mail of a sender domain goes ({@link EffectiveRelay})
     * @param hosted       the panel's domain of a name or alias
     * @param senderRelays the addresses ({@code local@domain}, lower case) of one hosted domain (ASCII name) that
     *                     have an enabled relay of their own: their mail counts for them, not for the domain
     */
    public DeliveryTracker(SettingsStore store, ActionLog actionLog, Optional<DeliveryReporting> reporting,
                           Function<String, EffectiveRelay> effective, Function<String, Optional<Domain>> hosted,
                           Function<String, java.util.Set<String>> senderRelays, Clock clock) {
        this(store, actionLog, reporting, effective, hosted, senderRelays, () -> AddressExtensions.NONE, clock);
    }

    /**
     * As above, with the mail server's way of stripping address extensions ({@code alice+news@example.com} counts for
     * {@code alice@example.com}'s own relay, as Postfix sends it there), asked again for each pass over the log (the
     * mail server's configuration may change while the panel runs).
     */
    public DeliveryTracker(SettingsStore store, ActionLog actionLog, Optional<DeliveryReporting> reporting,
                           Function<String, EffectiveRelay> effective, Function<String, Optional<Domain>> hosted,
                           Function<String, java.util.Set<String>> senderRelays,
                           java.util.function.Supplier<AddressExtensions> extensions, Clock clock) {
        this.store = store;
        this.actionLog = actionLog;
        this.reporting = reporting;
        this.effective = effective;
        this.hosted = hosted;
        this.senderRelays = senderRelays;
        this.extensions = extensions;
        this.clock = clock;
        this.log = reporting.map(DeliveryReporting::openLog);
    }

    /** Whether the mail server can report delivery at all. */
    public boolean available() {
        return log.isPresent();
    }

    /**
     * Reads the log to its end (in commits of {@link #LINES_PER_COMMIT} lines) and counts what it gained.
     *
     * @return what was read, summed over the commits
     */
    public ReadStats poll() {
        if (log.isEmpty()) {
            return new ReadStats(0, 0, 0, true);
        }
        synchronized (pollLock) {
            return store.exclusively(LOCK, () -> {
                long lines = 0;
                long deliveries = 0;
                long skipped = 0;
                ReadStats r;
                Map<String, Boolean> failingBefore = new HashMap<>();
                Map<String, ScopeStats> touched = new HashMap<>();
                try {
                    do {
                        r = round(failingBefore, touched);
                        lines += r.lines();
                        deliveries += r.deliveries();
                        skipped += r.skipped();
                    } while (!r.caughtUp() && !closed);
                    settleWaiting(failingBefore, touched);
                } finally {
                    // one entry per relay and poll, however many rounds a catch-up took; also when a later round
                    // failed: what the rounds before it committed is announced (the next poll starts from there and
                    // would see no change)
                    Instant now = clock.instant();
                    touched.forEach((scope, s) -> recordStateChange(scope, failingBefore.get(scope), s, now));
                }
                return new ReadStats(lines, deliveries, skipped, r.caughtUp());
            });
        }
    }

    private ReadStats round(Map<String, Boolean> failingAtStart, Map<String, ScopeStats> touched) {
        DeliveryLog reader = log.orElseThrow();
        String stored = store.get(CURSOR).orElse("");
        if (!stored.equals(cursorInMemory)) {
            // first round, or another process (panel bin) read further: continue from what it committed
            reader.restore(stored);
            published.clear();
        }
        Instant now = clock.instant();
        Attribution attribution = newAttribution();
        Map<String, ScopeStats> changed = new HashMap<>();
        ReadStats r;
        try {
            r = reader.read(d -> {
                Attribution.Target t = attribution.of(d.sender());
                for (String scope : t.scopes()) {
                    ScopeStats s = changed.computeIfAbsent(scope, k -> {
                        ScopeStats copy = load(k);
                        failingAtStart.putIfAbsent(k, copy.failing());
                        return copy;
                    });
                    s.add(d, t.via(), now);
                }
            }, LINES_PER_COMMIT);
        } catch (IOException e) {
            problem = "cannot read " + reader.source() + ": " + e.getMessage();
            reader.restore(stored);
            return new ReadStats(0, 0, 0, true);
        }
        String cursor = reader.cursor();
        if (changed.isEmpty() && cursor.equals(stored)) {
            // nothing new (the usual 2-second poll of a quiet server): no write
            cursorInMemory = cursor;
            problem = "";
            if (r.caughtUp()) {
                readUpTo = now;
            }
            return r;
        }
        for (Map.Entry<String, ScopeStats> e : changed.entrySet()) {
            e.getValue().settle(now);
            if (e.getValue().unsettled()) {
                unsettled.add(e.getKey());
            } else {
                unsettled.remove(e.getKey());
            }
        }
        store.inTransaction(tx -> {
            for (Map.Entry<String, ScopeStats> e : changed.entrySet()) {
                tx.put(PREFIX + e.getKey(), e.getValue().toJson());
            }
            tx.put(CURSOR, cursor);
            return null;
        });
        cursorInMemory = cursor;
        publish(changed);
        problem = "";
        if (r.caughtUp()) {
            readUpTo = now;
        }
        touched.putAll(changed);
        java.util.Set<String> failing = failingScopes;
        if (failing != null) {
            changed.forEach((scope, s) -> {
                if (isRelayScope(scope, s) && s.failing()) {
                    failing.add(scope);
                } else {
                    failing.remove(scope);
                }
            });
        }
        return r;
    }

    /**
     * Scopes whose flip was not stable yet and that no new line touched: settled again now (a deferral followed by
     * silence is announced once it held {@link ScopeStats#STABLE}), written when their announced state changes.
     */
    private void settleWaiting(Map<String, Boolean> failingBefore, Map<String, ScopeStats> touched) {
        Instant now = clock.instant();
        Map<String, ScopeStats> settled = new HashMap<>();
        for (String scope : List.copyOf(unsettled)) {
            if (touched.containsKey(scope)) {
                continue;
            }
            ScopeStats s = load(scope);
            boolean before = s.failing();
            if (s.settle(now)) {
                failingBefore.putIfAbsent(scope, before);
                settled.put(scope, s);
            }
            if (!s.unsettled()) {
                unsettled.remove(scope);
            }
        }
        if (settled.isEmpty()) {
            return;
        }
        store.inTransaction(tx -> {
            settled.forEach((scope, s) -> tx.put(PREFIX + scope, s.toJson()));
            return null;
        });
        publish(settled);
        touched.putAll(settled);
        java.util.Set<String> failing = failingScopes;
        if (failing != null) {
            settled.forEach((scope, s) -> {
                if (isRelayScope(scope, s) && s.failing()) {
                    failing.add(scope);
                } else {
                    failing.remove(scope);
                }
            });
        }
    }

    /** Keeps committed figures for reads; beyond {@link #PUBLISHED_MAX} scopes, reads go to the store again. */
    private void publish(Map<String, ScopeStats> committed) {
        if (published.size() + committed.size() > PUBLISHED_MAX) {
            published.clear();
        }
        if (committed.size() <= PUBLISHED_MAX) {
            published.putAll(committed);
        }
    }

    private ScopeStats load(String scope) {
        ScopeStats s = published.get(scope);
        if (s != null) {
            return s.copy();
        }
        return store.get(PREFIX + scope).map(ScopeStats::fromJson).orElseGet(ScopeStats::new);
    }

    /** A relay scope that starts failing or recovers goes into the action log (not when reading old history). */
    private void recordStateChange(String scope, boolean before, ScopeStats s, Instant now) {
        boolean after = s.failing();
        boolean relayScope = isRelayScope(scope, s);
        boolean recent = s.lastEvent().map(t -> t.isAfter(now.minus(Duration.ofHours(1)))).orElse(false);
        if (before == after || !relayScope || !recent || !stillARelay(scope)) {
            return;
        }
        String target = scope.startsWith("@") ? scope.substring(1) : scope;
        Map<String, String> details = new LinkedHashMap<>();
        details.put("relay", s.lastRelay());
        if (after) {
            s.lastError().ifPresent(e -> {
                details.put("dsn", e.dsn());
                details.put("reply", e.reply().length() > 300 ? e.reply().substring(0, 300) : e.reply());
            });
        }
        actionLog.record(after ? "smarthost.delivery.failing" : "smarthost.delivery.recovered", target, details);
        LOG.info("smarthost: delivery through the relay of {} {}", target, after ? "fails: " + details : "recovered");
    }

    private Attribution newAttribution() {
        return new Attribution(effective, hosted, senderRelays, extensions.get());
    }

    /** The server relay, a domain's own relay, a sender address's own relay (its scope is the address). */
    private static boolean isRelayScope(String scope, ScopeStats s) {
        return scope.equals(Attribution.SERVER) || isSenderScope(scope) || (scope.startsWith("@")
                && (s.via().equals("domain") || s.via().equals("alias")));
    }

    /**
     * Whether the relay of a scope is still there: the server-wide relay on, the domain's own relay on, the address's
     * own relay on. Figures outlive their relay (a relay removed or turned off is not a failing relay any more, and
     * a state change that settles after it went is not announced).
     */
    private boolean stillARelay(String scope) {
        if (scope.equals(Attribution.SERVER)) {
            return effective.apply("").level() == RelayLevel.SERVER;
        }
        if (scope.startsWith("@")) {
            String domain = scope.substring(1);
            return hosted.apply(domain).isPresent() && effective.apply(domain).level() == RelayLevel.DOMAIN;
        }
        int at = scope.lastIndexOf('@');
        return at > 0 && senderRelays.apply(scope.substring(at + 1)).contains(scope);
    }

    private static boolean isSenderScope(String scope) {
        return scope.indexOf('@') > 0;
    }

    /**
     * The relays failing now: {@code server}, the names of domains whose own relay fails and the sender addresses
     * ({@code local@domain}) whose own relay fails, sorted; only relays that are still on (a removed or turned-off
     * relay's last figures are not a failing relay). Read once from the store (one pass over the tracker's entries),
     * then kept current by each poll.
     */
    public List<String> failingRelays() {
        java.util.Set<String> failing = failingScopes;
        if (failing == null) {
            java.util.Set<String> found = ConcurrentHashMap.newKeySet();
            store.forEach(PREFIX, (key, json) -> {
                String scope = key.substring(PREFIX.length());
                if (!key.equals(CURSOR)) {
                    ScopeStats s = ScopeStats.fromJson(json);
                    if (isRelayScope(scope, s) && s.failing()) {
                        found.add(scope);
                    }
                    if (s.unsettled()) {
                        unsettled.add(scope); // left waiting by a previous run
                    }
                }
            });
            failingScopes = failing = found;
        }
        return failing.stream().filter(this::stillARelay).map(k -> k.startsWith("@") ? k.substring(1) : k).sorted()
                .toList();
    }

    /** Looks at the queue again (runs {@code postqueue -j} or the like) and groups it by scope. */
    public void refreshQueue() {
        if (reporting.isEmpty()) {
            return;
        }
        try {
            List<QueuedMessage> all = reporting.get().queue(QUEUE_LIMIT);
            Attribution attribution = newAttribution();
            Map<String, List<QueuedMessage>> by = new HashMap<>();
            for (QueuedMessage m : all) {
                for (String scope : attribution.of(m.sender()).scopes()) {
                    by.computeIfAbsent(scope, k -> new ArrayList<>()).add(m);
                }
            }
            queueByScope = by;
            queueAt = clock.instant();
        } catch (BackendException e) {
            problem = "cannot read the queue: " + e.getMessage();
            queueAt = clock.instant();
        }
    }

    /** Retries queued mail now (one message, or all deferred mail), then looks at the queue again. */
    public void retry(Optional<String> queueId) throws BackendException {
        if (reporting.isEmpty()) {
            throw new BackendException("retry", "this mail server cannot report delivery");
        }
        reporting.get().retry(queueId);
    }

    /** When the queue was last looked at ({@link #refreshQueue}), empty before the first look. */
    public Optional<Instant> queueSeen() {
        return Optional.ofNullable(queueAt);
    }

    /** The server-wide relay's status (from the figures and the last look at the queue; reads no log, runs nothing). */
    public DeliveryStatus server() {
        return status(Attribution.SERVER, "server");
    }

    /**
     * Mail of one hosted domain (and its aliases) through the domain's own relay, or through the server-wide relay or
     * none when it has no relay of its own; never the mail of its addresses that have a relay of their own
     * ({@link #sender}).
     */
    public DeliveryStatus domain(String name) {
        return status("@" + name, name);
    }

    /**
     * Mail of one sender address ({@code alice@example.com}, domain in ASCII) through its own relay, counted since
     * the address had one.
     */
    public DeliveryStatus sender(String address) {
        String key = address.toLowerCase(java.util.Locale.ROOT);
        return status(key, key);
    }

    private DeliveryStatus status(String key, String scopeName) {
        if (log.isEmpty()) {
            return DeliveryStatus.unavailable(scopeName);
        }
        ScopeStats s = published.get(key);
        if (s == null) {
            s = store.get(PREFIX + key).map(ScopeStats::fromJson).orElseGet(ScopeStats::new);
        }
        Instant now = clock.instant();
        State state = s.failing() ? State.FAILING
                : s.lastEvent().map(t -> t.isAfter(now.minus(Duration.ofDays(7)))).orElse(false) ? State.OK : State.IDLE;
        QueueSummary queue = QueueSummary.of(queueByScope.getOrDefault(key, List.of()));
        return new DeliveryStatus(scopeName, true, state, s.window(now, 1), s.window(now, 24), s.window(now, ScopeStats.HOURS),
                Arrays.asList(s.hourly(now, 24)), s.lastError(), s.lastSent(), s.lastRelay(), s.via(), queue,
                log.get().source(), Optional.ofNullable(readUpTo), problem);
    }

    /** Deferred messages now waiting for one scope (the list's "deferred now" column). */
    public int waiting(String domain) {
        return queueByScope.getOrDefault("@" + domain, List.of()).size();
    }

    /** Messages now waiting for one sender address's own relay. */
    public int waitingForSender(String address) {
        return queueByScope.getOrDefault(address.toLowerCase(java.util.Locale.ROOT), List.of()).size();
    }

    /**
     * The stored figures of domains (a page of the Smarthosts list): the ones in memory, the others read in one
     * query. A domain with nothing seen has no entry.
     */
    public java.util.Map<String, ScopeStats> stats(java.util.Collection<String> domains) {
        return stored(domains, "@");
    }

    /**
     * The stored figures of sender addresses ({@code local@domain}; a domain page's list of addresses with a relay of
     * their own), read as {@link #stats}. An address with nothing seen has no entry.
     */
    public java.util.Map<String, ScopeStats> senderStats(java.util.Collection<String> addresses) {
        return stored(addresses.stream().map(a -> a.toLowerCase(java.util.Locale.ROOT)).toList(), "");
    }

    private java.util.Map<String, ScopeStats> stored(java.util.Collection<String> names, String scopePrefix) {
        java.util.Map<String, ScopeStats> out = new java.util.HashMap<>();
        List<String> keys = new java.util.ArrayList<>();
        for (String d : names) {
            ScopeStats s = published.get(scopePrefix + d);
            if (s != null) {
                out.put(d, s);
            } else {
                keys.add(PREFIX + scopePrefix + d);
            }
        }
        if (!keys.isEmpty()) {
            int skip = PREFIX.length() + scopePrefix.length();
            store.inTransaction(tx -> tx.getAll(keys)).forEach((k, v) -> out.put(k.substring(skip), ScopeStats.fromJson(v)));
        }
        return out;
    }

    /**
     * Starts the background reader: polls the log every {@code every} and the queue every
     * {@link #QUEUE_TTL}, on a daemon thread, until {@link #close()}.
     */
    public synchronized void start(Duration every) {
        if (worker != null || log.isEmpty() || closed) {
            return;
        }
        Thread t = new Thread(() -> loop(every), "smarthost-delivery-log");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    private void loop(Duration every) {
        Instant nextQueue = Instant.MIN;
        while (!closed) {
            try {
                poll();
                if (!clock.instant().isBefore(nextQueue)) {
                    refreshQueue();
                    nextQueue = clock.instant().plus(QUEUE_TTL);
                }
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                // an Error too: the panel ran short of memory (other work, a huge log line) and this poll's garbage
                // went with it; the reader used to end for good, and the delivery figures stopped until a restart.
                // The log may have been read past what was committed: the next poll starts from the committed
                // cursor again (nothing counted twice, nothing lost)
                synchronized (pollLock) {
                    cursorInMemory = null; // the published figures are read again with it
                    failingScopes = null; // and the failing relays from the store
                }
                problem = "reading the mail log failed: " + (e instanceof OutOfMemoryError ? "the panel ran out of memory"
                        : e instanceof StackOverflowError ? "its reader ran out of stack" : e.getMessage());
                LOG.warn("smarthost: reading the mail log failed; trying again at the next poll", e);
            }
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public boolean running() {
        Thread t = worker;
        return t != null && t.isAlive();
    }

    @Override
    public void close() {
        closed = true;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.ifPresent(DeliveryLog::close);
    }
}
