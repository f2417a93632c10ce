package io.smarthost.core.spf;

import io.smarthost.core.ini.SmarthostIniKeys;
import io.smarthost.panel.api.services.PanelIni;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How SPF checks query DNS, from {@code panel.ini}:
 * <pre>
 * [mail]
 * smarthost.spf.resolver = 127.0.0.1:53     ; host[:port] or [IPv6]:port; default: the system's resolvers
 * smarthost.spf.timeout_ms = 3000           ; per query, 100-60000
 * </pre>
 *
 * @param resolver  the resolver to ask; empty = the system's ({@code /etc/resolv.conf})
 * @param timeout   how long one query may take
 * @param maxDepth  how deep include/redirect chains are followed
 * @param budget    how long counting the lookups of one record may take in total
 * @since 1.0
 */
public record SpfSettings(Optional<InetSocketAddress> resolver, Duration timeout, int maxDepth, Duration budget) {

    public static final String SECTION = "mail";
    public static final String RESOLVER_KEY = "smarthost.spf.resolver";
    public static final String TIMEOUT_KEY = "smarthost.spf.timeout_ms";
    static final int DEFAULT_TIMEOUT_MS = 3000;
    /** Deeper than this, a chain is already far past 10 lookups. */
    static final int DEFAULT_MAX_DEPTH = 10;
    static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10);

    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d{1,5}))?");
    private static final Pattern PLAIN = Pattern.compile("([A-Za-z0-9.-]+)(?::(\\d{1,5}))?");

    public SpfSettings {
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(budget, "budget");
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1");
        }
    }

    /** The system's resolvers with default limits. */
    public static SpfSettings defaults() {
        return new SpfSettings(Optional.empty(), Duration.ofMillis(DEFAULT_TIMEOUT_MS), DEFAULT_MAX_DEPTH, DEFAULT_BUDGET);
    }

    /**
     * Reads the settings.
     *
     * @throws IllegalArgumentException when {@code smarthost.spf.resolver} is not {@code host[:port]},
     *                                  naming the key, the value and what is allowed
     */
    public static SpfSettings fromIni(PanelIni ini) {
        int timeoutMs = ini.getInt(SmarthostIniKeys.SPF_TIMEOUT_MS);
        Optional<InetSocketAddress> resolver = ini.get(SmarthostIniKeys.SPF_RESOLVER)
                .map(String::strip).filter(v -> !v.isEmpty()).map(SpfSettings::parseResolver);
        return new SpfSettings(resolver, Duration.ofMillis(timeoutMs), DEFAULT_MAX_DEPTH, DEFAULT_BUDGET);
    }

    /** Parses {@code host[:port]} or {@code [ipv6]:port}; port 53 when absent. Does not resolve the host. */
    public static InetSocketAddress parseResolver(String value) {
        Matcher m = BRACKETED.matcher(value);
        if (!m.matches()) {
            m = PLAIN.matcher(value);
        }
        if (!m.matches() && value.chars().filter(c -> c == ':').count() > 1 && value.matches("[0-9A-Fa-f:.]+")) {
            return InetSocketAddress.createUnresolved(value, 53); // a bare IPv6 address
        }
        if (!m.matches()) {
            throw invalid(value);
        }
        int port = m.group(2) == null ? 53 : Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            throw invalid(value);
        }
        return InetSocketAddress.createUnresolved(m.group(1), port);
    }

    private static IllegalArgumentException invalid(String value) {
        return new IllegalArgumentException("panel.ini [" + SECTION + "] " + RESOLVER_KEY + ": \""
                + value.replaceAll("\\p{Cntrl}", "?") + "\" is not host[:port]; allowed: an IP address or host name,"
                + " optionally with a port 1-65535, e.g. 127.0.0.1:5353 or [::1]:53; leave it out to use the system's resolvers");
    }
}
