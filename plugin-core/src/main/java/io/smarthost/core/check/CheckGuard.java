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
            // a "name" the C library reads as a number (0x7f000001, 127.0.0.0x1: Postfix's getaddrinfo takes it for
            // 127.0.0.1, a reviewer found), a name that is local by definition, or one the machine's own hosts
            // file gives an address inside (localhost.localdomain, ip6-localhost, its own host name)
            Optional<InetAddress> numeric = inetAton(name);
            if ((numeric.isPresent() && isInternal(numeric.get())) || name.equals("localhost") || name.endsWith(".localhost")
                    || LOCAL_NAMES.contains(name) || HostsFile.internalNames().contains(name)) {
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
     * {@code text} as the C library's {@code inet_aton} reads an IPv4 address: one to four parts, each decimal, octal
     * (a leading 0) or hexadecimal ({@code 0x}), the last filling the bytes left ({@code 127.1} is 127.0.0.1,
     * {@code 2130706433} and {@code 0x7f000001} too); empty when it is no such number.
     */
    static Optional<InetAddress> inetAton(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4 || text.isEmpty()) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            try {
                if (p.startsWith("0x") || p.startsWith("0X")) {
                    values[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
                } else if (p.length() > 1 && p.startsWith("0")) {
                    values[i] = Long.parseLong(p.substring(1), 8);
                } else {
                    values[i] = Long.parseLong(p);
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (values[i] < 0 || p.startsWith("+") || p.startsWith("-")) {
                return Optional.empty();
            }
        }
        long value = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 255) {
                return Optional.empty();
            }
            value = value << 8 | values[i];
        }
        int restBits = 8 * (4 - (values.length - 1));
        long last = values[values.length - 1];
        if (last >= 1L << restBits) {
            return Optional.empty();
        }
        value = value << restBits | last;
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return Optional.of(InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Names local resolvers answer with a loopback address whatever DNS says (glibc's and systemd-resolved's
     * synthesized names, Debian's hosts file defaults).
     */
    private static final Set<String> LOCAL_NAMES = Set.of("localhost.localdomain", "localhost6", "localhost6.localdomain6",
            "ip6-localhost", "ip6-loopback", "_gateway", "_outbound");

    /**
     * The names {@code /etc/hosts} gives an address inside this machine or its networks, and the machine's own name
     * ({@code /etc/hostname}, which systemd-resolved answers with its addresses), read at most once a minute.
     */
    static final class HostsFile {
        private static final long EVERY_NANOS = 60_000_000_000L;
        private static volatile Set<String> names;
        private static volatile long readAt;

        private HostsFile() {
        }

        static Set<String> internalNames() {
            long now = System.nanoTime();
            Set<String> known = names;
            if (known == null || now - readAt > EVERY_NANOS) {
                Set<String> found = new java.util.HashSet<>(read(java.nio.file.Path.of("/etc/hosts")));
                ownName(java.nio.file.Path.of("/etc/hostname")).ifPresent(found::add);
                known = Set.copyOf(found);
                readAt = now;
                names = known;
            }
            return known;
        }

        /** The names a hosts file gives an address inside; none when it cannot be read. */
        static Set<String> read(java.nio.file.Path file) {
            Set<String> found = new java.util.HashSet<>();
            try {
                for (String line : java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8)) {
                    int hash = line.indexOf('#');
                    String[] words = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                    if (words.length < 2) {
                        continue;
                    }
                    // an address literal only (a name here would be looked up in DNS)
                    if (!words[0].matches("[0-9.]+") && !words[0].contains(":")) {
                        continue;
                    }
                    InetAddress ip;
                    try {
                        ip = literal(words[0]);
                    } catch (RuntimeException e) {
                        continue;
                    }
                    if (isInternal(ip)) {
                        for (int i = 1; i < words.length; i++) {
                            found.add(words[i].toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                return Set.of(); // no hosts file: the names above still hold
            }
            return Set.copyOf(found);
        }

        /** The machine's own name, as a host name file holds it; empty when there is none. */
        private static Optional<String> ownName(java.nio.file.Path file) {
            try {
                String own = java.nio.file.Files.readString(file).strip().toLowerCase(java.util.Locale.ROOT);
                return own.isEmpty() ? Optional.empty() : Optional.of(own);
            } catch (java.io.IOException | RuntimeException e) {
                return Optional.empty();
            }
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
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && b[4] == 0 && b[5] == 1) {
                return true;                                    // local-use NAT64 64:ff9b:1::/48
            }
            if (isZero(b, 0, 8) && b[8] == (byte) 0xff && b[9] == (byte) 0xff && b[10] == 0 && b[11] == 0) {
                return isInternal(v4(b));                       // IPv4-translated ::ffff:0:a.b.c.d
            }
            if (b[0] == 0x20 && b[1] == 0x02) {                 // 6to4 2002:a.b.c.d::/48
                return isInternal(v4(b, 2));
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

    /** The IPv4 address an IPv6 address carries in its last four bytes. */
    private static InetAddress v4(byte[] b) {
        return v4(b, 12);
    }

    /** The IPv4 address an IPv6 address carries in its bytes {@code from} to {@code from + 3}. */
    private static InetAddress v4(byte[] b, int from) {
        try {
            return InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
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
