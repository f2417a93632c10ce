package io.smarthost.core.relay;

import java.util.Objects;

/**
 * Where a relay is, in canonical form.
 *
 * @param host      lower-case ASCII host name (IDNA/punycode), or an IP address; IPv6 without brackets
 * @param kind      what {@code host} is
 * @param port      1-65535
 * @param mxLookup  whether the mail server may look up MX/SRV records for {@code host}; the admin turns
 *                  it off by writing the host in brackets ({@code [smtp.example.com]}). Always false
 *                  for IP addresses.
 */
public record RelayAddress(String host, HostKind kind, int port, boolean mxLookup) {

    public RelayAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(kind, "kind");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535");
        }
        if (kind != HostKind.DNS_NAME) {
            mxLookup = false;
        }
    }
}
