package io.smarthost.postfix.render;

import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.RelayAddress;

/**
 * How a relay is written as a Postfix next-hop ({@code relayhost}, sender-dependent maps, and the
 * key of the password map, which must equal it exactly).
 */
public final class Nexthop {

    private Nexthop() {
    }

    /**
     * {@code [host]:port} (no MX lookup), {@code host:port} (MX lookup wanted), or
     * {@code [ipv6:addr]:port} for IPv6 (the form Postfix 3.7 parses for IPv6 next-hops; proven in
     * {@code Ipv6RelayIT}).
     */
    public static String of(RelayAddress address) {
        String host = address.host();
        return switch (address.kind()) {
            case IPV6 -> "[ipv6:" + host + "]:" + address.port();
            case IPV4 -> "[" + host + "]:" + address.port();
            case DNS_NAME -> (address.mxLookup() ? host : "[" + host + "]") + ":" + address.port();
        };
    }

    /**
     * The relay's next hop, followed by its backup's when it has one: {@code [a]:587, [b]:587}. Postfix
     * 3.5+ tries them in order, the next one when a host cannot be reached or answers 4xx (measured on
     * 3.7.11 for {@code relayhost}, {@code sender_dependent_relayhost_maps},
     * {@code sender_dependent_default_transport_maps} ({@code transport:[a]:587, [b]:587}) and
     * {@code transport_maps}; {@code e2e.BackupRelayTest}).
     *
     * @since 1.3
     */
    public static String list(io.smarthost.core.relay.Relay relay) {
        return relay.backup().map(b -> of(relay.address()) + ", " + of(b.address())).orElse(of(relay.address()));
    }

    /** Whether {@code kind} is an IP literal (never looked up in DNS). */
    static boolean isLiteral(HostKind kind) {
        return kind != HostKind.DNS_NAME;
    }
}
