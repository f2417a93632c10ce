package io.smarthost.postfix.testing;

import io.smarthost.core.testing.MapDesiredState;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.panel.api.Secret;
import java.util.Optional;

/** A desired state held in memory, for driving a backend directly in tests and benchmarks. */
public final class SimpleDesiredState extends MapDesiredState<SimpleDesiredState> {

    /** A relay on an IPv4 literal (no MX lookup), with a login when {@code user} is not null. */
    public static Relay relay(String ip, int port, Encryption encryption, String user, String password) {
        return new Relay(new RelayAddress(ip, HostKind.IPV4, port, false), encryption, false,
                user == null ? Optional.empty() : Optional.of(new Credentials(user, Secret.of(password))));
    }

    public static Relay relay(String host, HostKind kind, int port, boolean mx, Encryption encryption,
                              boolean verify, String user, String password) {
        return new Relay(new RelayAddress(host, kind, port, mx), encryption, verify,
                user == null ? Optional.empty() : Optional.of(new Credentials(user, Secret.of(password))));
    }
}
