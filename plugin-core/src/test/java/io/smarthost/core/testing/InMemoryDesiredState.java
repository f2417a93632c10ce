package io.smarthost.core.testing;

import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.panel.api.Secret;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A desired state held in memory, for driving a backend directly in tests and benchmarks (the one
 * every backend's tests use), with factories for the relays it holds.
 */
public final class InMemoryDesiredState implements DesiredState {

    private Relay server;
    private final TreeMap<String, Relay> domains = new TreeMap<>();

    /** A relay on an IPv4 literal (no MX lookup, no certificate check), with a login when {@code user} is not null. */
    public static Relay relay(String ip, int port, Encryption encryption, String user, String password) {
        return relay(ip, HostKind.IPV4, port, false, encryption, false, user, password);
    }

    /** A relay on a DNS name (no MX lookup) whose certificate is checked, with a login when {@code user} is not null. */
    public static Relay namedRelay(String host, int port, Encryption encryption, String user, String password) {
        return relay(host, HostKind.DNS_NAME, port, false, encryption, true, user, password);
    }

    public static Relay relay(String host, HostKind kind, int port, boolean mx, Encryption encryption,
                              boolean verify, String user, String password) {
        return new Relay(new RelayAddress(host, kind, port, mx), encryption, verify,
                user == null ? Optional.empty() : Optional.of(new Credentials(user, Secret.of(password))));
    }

    public InMemoryDesiredState server(Relay relay) {
        this.server = relay;
        return this;
    }

    /** Sets (or, with {@code null}, removes) the relay of a sender domain. */
    public InMemoryDesiredState domain(String senderDomain, Relay relay) {
        if (relay == null) {
            domains.remove(senderDomain);
        } else {
            domains.put(senderDomain, relay);
        }
        return this;
    }

    @Override
    public Optional<Relay> server() {
        return Optional.ofNullable(server);
    }

    @Override
    public Optional<Relay> domain(String senderDomain) {
        return Optional.ofNullable(domains.get(senderDomain));
    }

    @Override
    public void forEachDomain(BiConsumer<String, Relay> action) {
        domains.forEach(action);
    }

    @Override
    public long domainCount() {
        return domains.size();
    }

    // ---- SRS (issue 20) ----------------------------------------------------------------------
    private boolean srs;
    private final java.util.TreeSet<String> localDomains = new java.util.TreeSet<>();

    /** The server-wide SRS switch. */
    public InMemoryDesiredState srs(boolean on) {
        this.srs = on;
        return this;
    }

    /** A domain the server hosts without a relay of its own (its senders are never SRS-rewritten). */
    public InMemoryDesiredState localDomain(String name) {
        localDomains.add(name);
        return this;
    }

    // ---- per-sender relays (1.3) ---------------------------------------------------------------

    private final TreeMap<String, Relay> senders = new TreeMap<>();

    /** Sets (or, with {@code null}, removes) the relay of one sender address ({@code alice@example.com}). */
    public InMemoryDesiredState sender(String address, Relay relay) {
        if (relay == null) {
            senders.remove(address);
        } else {
            senders.put(address, relay);
        }
        return this;
    }

    @Override
    public boolean srs() {
        return srs;
    }

    @Override
    public void forEachLocalDomain(java.util.function.Consumer<String> action) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(localDomains);
        all.addAll(domains.keySet());
        all.forEach(action);
    }

    @Override
    public Optional<Relay> sender(String address) {
        return Optional.ofNullable(senders.get(address));
    }

    @Override
    public void forEachSender(BiConsumer<String, Relay> action) {
        senders.forEach(action);
    }

    @Override
    public boolean hasSenders() {
        return !senders.isEmpty();
    }
}
