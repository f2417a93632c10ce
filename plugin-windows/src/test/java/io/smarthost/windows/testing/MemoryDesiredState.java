package io.smarthost.windows.testing;

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

/** A desired state held in memory, for backend tests. */
public final class MemoryDesiredState implements DesiredState {
    private Relay server;
    private final TreeMap<String, Relay> domains = new TreeMap<>();

    public static Relay relay(String host, int port, Encryption encryption, String user, String password) {
        Optional<Credentials> login = user == null ? Optional.empty()
                : Optional.of(new Credentials(user, Secret.of(password)));
        return new Relay(new RelayAddress(host, HostKind.DNS_NAME, port, false), encryption, true, login);
    }

    public MemoryDesiredState server(Relay relay) {
        this.server = relay;
        return this;
    }

    public MemoryDesiredState domain(String name, Relay relay) {
        if (relay == null) {
            domains.remove(name);
        } else {
            domains.put(name, relay);
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
}
