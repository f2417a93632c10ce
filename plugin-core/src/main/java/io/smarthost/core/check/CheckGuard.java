package io.smarthost.core.check;

import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.RelayAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a check may connect. Administrators: anywhere. Customers: only when the domain-level feature
 * is on for them, only to ports 25, 465, 587, 2525 (plus those the admin allowed), never to loopback,
 * link-local, private, shared (CGNAT), multicast or unspecified addresses, and at most
 * {@link CheckPolicy#customerChecksPerMinute()} checks a minute. Without this a check would be a
 * scanner of the server's internal network.
 *
 * <p>The address rule is applied twice: to an IP literal before anything runs, and by the checker to
 * every address a name resolves to, just before connecting (so a name pointing inside is refused too).
 *
 * @since 1.0
 */
public final class CheckGuard {
    /** Ports every customer may check. */
    public static final Set<Integer> STANDARD_PORTS = Set.of(25, 465, 587, 2525);

    private final CheckPolicy policy;
    private final RateLimiter limiter;

    public CheckGuard(CheckPolicy policy) {
        this(policy, Clock.systemUTC());
    }

    public CheckGuard(CheckPolicy policy, Clock clock) {
        this.policy = policy;
        this.limiter = new RateLimiter(policy.customerChecksPerMinute(), clock);
    }

    /**
     * Lets the check start, or says why not. Counts towards the customer's rate limit when admitted.
     *
     * @throws CheckRefusedException when a customer may not check this relay now
     */
    public void admit(Requester requester, RelayAddress address) {
        if (requester.admin()) {
            return;
        }
        if (!policy.domainLevelEnabled() || !requester.featureEnabled()) {
            throw new CheckRefusedException(CheckRefusedException.Reason.FEATURE_DISABLED, "refused.feature");
        }
        Set<Integer> ports = allowedPorts(requester);
        if (!ports.contains(address.port())) {
            throw new CheckRefusedException(CheckRefusedException.Reason.PORT_NOT_ALLOWED, "refused.port",
                    String.valueOf(address.port()), String.join(", ", ports.stream().map(String::valueOf).toList()));
        }
        if (address.kind() != HostKind.DNS_NAME) {
            admitAddress(requester, literal(address.host()));
        }
        Optional<Duration> wait = limiter.acquire(requester.login());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw new CheckRefusedException(CheckRefusedException.Reason.RATE_LIMITED, "refused.rate",
                    String.valueOf(policy.customerChecksPerMinute()), String.valueOf(seconds));
        }
    }

    /**
     * Whether a customer may save {@code address} as a relay (or backup relay) of theirs: the ports a check allows
     * them, and never an IP address of this machine or its private networks, nor {@code localhost} (RFC 6761 names
     * resolve to loopback). Without it a customer's mail could be handed to the server's own services, e.g. a content
     * filter's re-injection port 127.0.0.1:10025, skipping the filter (found by a hostile tester: the check refused
     * such an address, saving did not). A DNS name is saved as it is: Postfix resolves it when it sends; a check of
     * it still refuses a name that leads inside. Administrators: anything.
     *
     * @throws CheckRefusedException {@link CheckRefusedException.Reason#PORT_NOT_ALLOWED} or
     *                               {@link CheckRefusedException.Reason#ADDRESS_NOT_ALLOWED}
     */
    public void admitSaved(Requester requester, RelayAddress address) {
        if (requester.admin()) {
            return;
        }
        Set<Integer> ports = allowedPorts(requester);
        if (!ports.contains(address.port())) {
            throw new CheckRefusedException(CheckRefusedException.Reason.PORT_NOT_ALLOWED, "refused.savePort",
                    String.valueOf(address.port()), String.join(", ", ports.stream().map(String::valueOf).toList()));
        }
        String host = address.host().toLowerCase(java.util.Locale.ROOT);
        if (address.kind() == HostKind.DNS_NAME) {
            String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            if (name.equals("localhost") || name.endsWith(".localhost")) {
                throw new CheckRefusedException(CheckRefusedException.Reason.ADDRESS_NOT_ALLOWED, "refused.saveAddress",
                        address.host());
            }
            return;
        }
        InetAddress ip = literal(address.host());
        if (isInternal(ip)) {
            throw new CheckRefusedException(CheckRefusedException.Reason.ADDRESS_NOT_ALLOWED, "refused.saveAddress",
                    ip.getHostAddress());
        }
    }

    /**
     * @throws CheckRefusedException when a customer may not connect to {@code address}
     */
    public void admitAddress(Requester requester, InetAddress address) {
        if (!requester.admin() && isInternal(address)) {
            throw new CheckRefusedException(CheckRefusedException.Reason.ADDRESS_NOT_ALLOWED, "refused.address",
                    address.getHostAddress());
        }
    }

    /** Ports this requester may check (all of them for admins: then the answer is not used). */
    public Set<Integer> allowedPorts(Requester requester) {
        Set<Integer> ports = new TreeSet<>(STANDARD_PORTS);
        ports.addAll(policy.customerPorts());
        ports.addAll(requester.allowedExtraPorts());
        return ports;
    }

    /** Addresses that lead into this machine or its private networks. */
    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0                                   // "this network"
                    || (first == 100 && second >= 64 && second < 128) // shared address space (CGNAT)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19))    // benchmarking
                    || first >= 240;                            // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {                        // unique local fc00::/7
                return true;
            }
            if (isZero(b, 0, 12)) {                             // IPv4-compatible ::a.b.c.d
                return isInternal(v4(b));
            }
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && isZero(b, 4, 12)) {
                return isInternal(v4(b));                       // NAT64 64:ff9b::/96
            }
        }
        return false;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] b) {
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress literal(String host) {
        try {
            // An IP literal: getByName parses it without any lookup.
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host: \"" + host + "\" is not an IP address", e);
        }
    }
}
