package io.smarthost.core.relay;

import java.util.OptionalInt;

/**
 * A host text as an admin typed it, parsed: {@code smtp.example.com}, {@code [smtp.example.com]:2525},
 * {@code 192.0.2.1}, {@code [2001:db8::1]:587}, {@code bücher.example}.
 *
 * @param host      canonical host: lower-case ASCII (punycode) name, dotted IPv4, or RFC 5952 IPv6
 *                  without brackets
 * @param kind      what {@code host} is
 * @param bracketed whether the admin wrote brackets (no MX/SRV lookup)
 * @param port      the port written after the host, if any
 */
public record ParsedHost(String host, HostKind kind, boolean bracketed, OptionalInt port) {

    /** The address this text names, with {@code defaultPort} when the text has no port. */
    public RelayAddress toAddress(int defaultPort) {
        return new RelayAddress(host, kind, port.orElse(defaultPort), kind == HostKind.DNS_NAME && !bracketed);
    }
}
