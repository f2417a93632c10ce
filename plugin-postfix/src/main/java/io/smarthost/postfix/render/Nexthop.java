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

    /** Whether {@code kind} is an IP literal (never looked up in DNS). */
    static boolean isLiteral(HostKind kind) {
        return kind != HostKind.DNS_NAME;
    }
}
