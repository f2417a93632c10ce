package io.smarthost.core.testing;

import io.smarthost.core.backend.ApplyReport;
import io.smarthost.core.backend.BackendException;
import io.smarthost.core.backend.Capabilities;
import io.smarthost.core.backend.ChangeSet;
import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.backend.Inspection;
import io.smarthost.core.backend.MailBackend;
import io.smarthost.core.backend.Preview;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A real in-memory mail server backend: it keeps the relays it was told to use (its "configuration"),
 * updating only what a {@link ChangeSet} names, records every apply, and can be told to fail at a
 * step (then its configuration stays as it was, like a real backend's atomic apply). Use it to test
 * anything built on the SPI without a mail server.
 */
public final class RecordingMailBackend implements MailBackend {

    /** One apply: what changed, the server relay after it, and the sender domains read, in reading order. */
    public record Apply(ChangeSet changes, Optional<Relay> server, Map<String, Relay> domainsSeen) {
    }

    private final String id;
    private final Capabilities capabilities;
    private boolean detected = true;
    private int order = 1000;
    private Optional<String> failAt = Optional.empty();
    private boolean manualRelay;
    private Optional<Relay> server = Optional.empty();
    private final TreeMap<String, Relay> domains = new TreeMap<>();
    private final List<Apply> applies = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger detectCalls = new java.util.concurrent.atomic.AtomicInteger();

    public RecordingMailBackend(String id, Capabilities capabilities) {
        this.id = id;
        this.capabilities = capabilities;
    }

    private volatile io.smarthost.core.backend.AddressExtensions extensions = io.smarthost.core.backend.AddressExtensions.NONE;

    /** How it strips address extensions from now on (Postfix: its recipient_delimiter). */
    public RecordingMailBackend addressExtensions(io.smarthost.core.backend.AddressExtensions value) {
        this.extensions = value;
        return this;
    }

    @Override
    public io.smarthost.core.backend.AddressExtensions addressExtensions() {
        return extensions;
    }

    /** A backend that can do everything (like Postfix). */
    public static RecordingMailBackend full(String id) {
        return new RecordingMailBackend(id, new Capabilities(true, true, true, Set.of(Encryption.values()), true, true,
                List.of()));
    }

    private List<io.smarthost.core.backend.ApplyWarning> warnings = List.of();

    /** The warnings every later apply reports (what a real backend says of the files it met). */
    public RecordingMailBackend warnOnApply(io.smarthost.core.backend.ApplyWarning... w) {
        warnings = List.of(w);
        return this;
    }

    /** Its place in the preference order ({@link MailBackend#order()}). */
    public RecordingMailBackend order(int value) {
        order = value;
        return this;
    }

    @Override
    public int order() {
        return order;
    }

    public RecordingMailBackend detected(boolean on) {
        detected = on;
        return this;
    }

    /** Makes the next applies fail at {@code step}; null makes them succeed again. */
    public RecordingMailBackend failAt(String step) {
        failAt = Optional.ofNullable(step);
        return this;
    }

    /** Makes the next apply say it started ({@code entered}) and wait for {@code release} before it applies. */
    public RecordingMailBackend holdNextApply(java.util.concurrent.CountDownLatch entered,
                                              java.util.concurrent.CountDownLatch release) {
        hold = Optional.of(new java.util.concurrent.CountDownLatch[] {entered, release});
        return this;
    }

    private volatile Optional<java.util.concurrent.CountDownLatch[]> hold = Optional.empty();

    /** Pretends a relay was configured by hand. */
    public RecordingMailBackend manualRelay(boolean on) {
        manualRelay = on;
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return id.substring(0, 1).toUpperCase() + id.substring(1);
    }

    @Override
    public boolean detect() {
        detectCalls.incrementAndGet();
        return detected;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public ApplyReport apply(DesiredState desired, ChangeSet changes) throws BackendException {
        Optional<java.util.concurrent.CountDownLatch[]> held = hold;
        hold = Optional.empty();
        if (held.isPresent()) {
            held.get()[0].countDown();
            try {
                held.get()[1].await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("apply", "interrupted");
            }
        }
        if (failAt.isPresent()) {
            throw new BackendException(failAt.get(), "simulated failure; configuration left as it was");
        }
        Optional<Relay> newServer = changes.full() || changes.server() ? desired.server() : server;
        TreeMap<String, Relay> newDomains = new TreeMap<>(domains);
        // Insertion order: shows the order the desired state streamed the domains in.
        Map<String, Relay> seen = new java.util.LinkedHashMap<>();
        if (changes.full()) {
            newDomains.clear();
            desired.forEachDomain((name, relay) -> {
                newDomains.put(name, relay);
                seen.put(name, relay);
            });
        } else {
            for (String sender : changes.senderDomains()) {
                Optional<Relay> r = desired.domain(sender);
                r.ifPresentOrElse(relay -> {
                    newDomains.put(sender, relay);
                    seen.put(sender, relay);
                }, () -> newDomains.remove(sender));
            }
        }
        boolean changed = !Objects.equals(newServer, server) || !newDomains.equals(domains);
        server = newServer;
        domains.clear();
        domains.putAll(newDomains);
        manualRelay = false;
        applies.add(new Apply(changes, newServer, seen));
        return new ApplyReport(changed, List.of("recorded " + changes), warnings, Duration.ZERO);
    }

    @Override
    public Inspection inspect() {
        List<Inspection.Setting> settings = new ArrayList<>();
        server.ifPresent(r -> settings.add(new Inspection.Setting("relayhost", r.address().canonical(), "memory", true)));
        if (manualRelay) {
            settings.add(new Inspection.Setting("relayhost", "[manual.example.net]:25", "memory", false));
        }
        return new Inspection(settings, List.of(), manualRelay, List.of(), manualRelay
                ? Optional.of(new io.smarthost.core.backend.DetectedRelay("manual.example.net", 25,
                        io.smarthost.core.relay.Encryption.NONE, false, false, ""))
                : Optional.empty());
    }

    @Override
    public Preview preview(DesiredState desired) {
        String current = server.map(r -> r.address().canonical()).orElse("");
        String proposed = desired.server().map(r -> r.address().canonical()).orElse("");
        Preview.Action action = manualRelay ? Preview.Action.TAKE_OVER
                : current.equals(proposed) ? Preview.Action.KEEP
                : current.isEmpty() ? Preview.Action.ADD : proposed.isEmpty() ? Preview.Action.REMOVE : Preview.Action.CHANGE;
        return new Preview(List.of(new Preview.Line("relayhost", current, proposed, action)), manualRelay);
    }

    /** The server-wide relay it is configured with now. */
    public Optional<Relay> server() {
        return server;
    }

    /** The per-sender-domain relays it is configured with now. */
    public java.util.SortedMap<String, Relay> domains() {
        return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(domains));
    }

    /** How often {@link #detect()} was called (a real backend probes the file system each time). */
    public int detectCalls() {
        return detectCalls.get();
    }

    public List<Apply> applies() {
        return List.copyOf(applies);
    }
}
