package io.smarthost.core.relay;

/** What a relay host string is. */
public enum HostKind {
    DNS_NAME, IPV4, IPV6
}
