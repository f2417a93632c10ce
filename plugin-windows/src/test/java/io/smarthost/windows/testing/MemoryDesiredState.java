package io.smarthost.windows.testing;

import io.smarthost.core.testing.MapDesiredState;
import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.Relay;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.panel.api.Secret;
import java.util.Optional;

/** A desired state held in memory, for backend tests. */
public final class MemoryDesiredState extends MapDesiredState<MemoryDesiredState> {

    public static Relay relay(String host, int port, Encryption encryption, String user, String password) {
        Optional<Credentials> login = user == null ? Optional.empty()
                : Optional.of(new Credentials(user, Secret.of(password)));
        return new Relay(new RelayAddress(host, HostKind.DNS_NAME, port, false), encryption, true, login);
    }

}
