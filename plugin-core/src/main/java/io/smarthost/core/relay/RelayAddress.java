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

    /**
     * Parses what an admin typed ({@code smtp.example.com}, {@code [smtp.example.com]:2525},
     * {@code 192.0.2.1}, {@code [2001:db8::1]:587}, Unicode names) with {@code defaultPort} when the
     * text has no port. {@code parse(a.canonical(), x).equals(a)} holds for every address.
     *
     * @throws HostSyntaxException naming the problem
     */
    public static RelayAddress parse(String text, int defaultPort) {
        return HostSyntax.parse(text).toAddress(defaultPort);
    }

    /**
     * The one canonical text: {@code smtp.example.com:587} (MX lookup), {@code [smtp.example.com]:587}
     * (no lookup), {@code [192.0.2.1]:25}, {@code [2001:db8::1]:465}. ASCII; what the store and logs use.
     */
    public String canonical() {
        return bracketed(host) + ":" + port;
    }

    /** Like {@link #canonical()} with the name in Unicode, for people. */
    public String display() {
        String shown = kind == HostKind.DNS_NAME ? HostSyntax.toUnicode(host) : host;
        return (kind == HostKind.DNS_NAME && mxLookup ? shown : "[" + shown + "]") + ":" + port;
    }

    /**
     * The host as a form's host field shows it (the port has its own field): brackets around a
     * name when MX lookup is off, IP addresses bare.
     *
     * @param unicode whether to show an internationalised name in Unicode
     */
    public String hostField(boolean unicode) {
        if (kind != HostKind.DNS_NAME) {
            return host;
        }
        String shown = unicode ? HostSyntax.toUnicode(host) : host;
        return mxLookup ? shown : "[" + shown + "]";
    }

    private String bracketed(String name) {
        return kind == HostKind.DNS_NAME && mxLookup ? name : "[" + name + "]";
    }

    @Override
    public String toString() {
        return canonical();
    }
}
