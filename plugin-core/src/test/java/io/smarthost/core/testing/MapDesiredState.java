package io.smarthost.core.testing;

import io.smarthost.core.backend.DesiredState;
import io.smarthost.core.relay.Relay;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A desired state held in memory, for driving a backend directly in tests and benchmarks. Backends'
 * test kits extend it with relay factories of their own; {@code S} keeps the fluent setters typed.
 */
public class MapDesiredState<S extends MapDesiredState<S>> implements DesiredState {

    private Relay server;
    private final TreeMap<String, Relay> domains = new TreeMap<>();

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    public S server(Relay relay) {
        this.server = relay;
        return self();
    }

    /** Sets (or, with {@code null}, removes) the relay of a sender domain. */
    public S domain(String senderDomain, Relay relay) {
        if (relay == null) {
            domains.remove(senderDomain);
        } else {
            domains.put(senderDomain, relay);
        }
        return self();
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
}
