package io.smarthost.core.check;

import io.smarthost.core.ini.SmarthostIniKeys;
import io.smarthost.panel.api.services.PanelIni;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How checks run and what they tolerate; read from {@code panel.ini} section {@code [mail]} (keys
 * declared in {@link SmarthostIniKeys}).
 *
 * <table>
 *   <caption>panel.ini keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>smarthost.allowUntrustedCertificate</td><td>false</td><td>the admin accepts certificate problems
 *       where the mail server does not verify: relays with verification off get a note instead of a
 *       warning; with a mail server whose trust is unknown, a warning instead of a failure. Never a pass
 *       where the mail server verifies and will refuse (see {@code CertificateStep})</td></tr>
 *   <tr><td>smarthost.check.connect_timeout</td><td>10</td><td>seconds for the TCP connection (1-120)</td></tr>
 *   <tr><td>smarthost.check.banner_timeout</td><td>10</td><td>seconds to wait for the 220 greeting (1-300)</td></tr>
 *   <tr><td>smarthost.check.total_timeout</td><td>30</td><td>seconds for the whole check (5-600)</td></tr>
 *   <tr><td>smarthost.check.customer_ports</td><td>(none)</td><td>comma-separated ports customers may
 *       check besides 25, 465, 587, 2525</td></tr>
 *   <tr><td>smarthost.check.customer_rate</td><td>5</td><td>checks per minute per customer (1-600)</td></tr>
 *   <tr><td>smarthost.check.helo_name</td><td>this machine's host name</td><td>name sent in EHLO</td></tr>
 *   <tr><td>smarthost.domain.enabled</td><td>true</td><td>customers may check only when the domain level is on</td></tr>
 * </table>
 *
 * @param connectTimeout            TCP connect limit per address
 * @param bannerTimeout             limit for the server's greeting and for each later reply
 * @param totalTimeout              hard limit for the whole check
 * @param allowUntrustedCertificate certificate problems are accepted where the mail server does not verify
 *                                  (or its trust is unknown); never where it verifies
 * @param trustStore                this panel's CA certificates; empty: the JVM's default trust store
 *                                  (cacerts). The mail server's own CA file decides where it is known
 *                                  ({@code CheckRequest.mailServer()}); this store is then only compared
 * @param resolver                  name lookups
 * @param heloName                  name for EHLO; empty: this machine's host name
 * @param customerPorts             ports customers may check besides the standard ones
 * @param domainLevelEnabled        whether the domain-level feature is on ({@code smarthost.domain.enabled})
 * @param customerChecksPerMinute   rate limit per customer login
 * @since 1.0
 */
public record CheckPolicy(Duration connectTimeout, Duration bannerTimeout, Duration totalTimeout,
                          boolean allowUntrustedCertificate, Optional<KeyStore> trustStore,
                          NameResolver resolver, Optional<String> heloName, Set<Integer> customerPorts,
                          boolean domainLevelEnabled, int customerChecksPerMinute) {

    private static final Logger LOG = LoggerFactory.getLogger(CheckPolicy.class);

    public CheckPolicy {
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("bannerTimeout", bannerTimeout);
        requirePositive("totalTimeout", totalTimeout);
        trustStore = trustStore == null ? Optional.empty() : trustStore;
        Objects.requireNonNull(resolver, "resolver");
        heloName = heloName == null ? Optional.empty() : heloName.filter(h -> !h.isBlank());
        customerPorts = customerPorts == null ? Set.of() : Set.copyOf(customerPorts);
        if (customerChecksPerMinute < 1) {
            throw new IllegalArgumentException("customerChecksPerMinute must be at least 1");
        }
    }

    /** 10 s connect, 10 s banner, 30 s total, certificate problems fail, system trust store and resolver. */
    public static CheckPolicy defaults() {
        return new CheckPolicy(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30), false,
                Optional.empty(), NameResolver.system(), Optional.empty(), Set.of(), true, 5);
    }

    /** The policy {@code panel.ini} asks for; refused values fall back to the declared defaults (the host reports them). */
    public static CheckPolicy fromIni(PanelIni ini) {
        return new CheckPolicy(
                Duration.ofSeconds(ini.getInt(SmarthostIniKeys.CHECK_CONNECT_TIMEOUT)),
                Duration.ofSeconds(ini.getInt(SmarthostIniKeys.CHECK_BANNER_TIMEOUT)),
                Duration.ofSeconds(ini.getInt(SmarthostIniKeys.CHECK_TOTAL_TIMEOUT)),
                ini.getBoolean(SmarthostIniKeys.ALLOW_UNTRUSTED_CERTIFICATE),
                Optional.empty(),
                NameResolver.system(),
                ini.get(SmarthostIniKeys.CHECK_HELO_NAME).map(String::trim).filter(CheckPolicy::validHeloName),
                parsePorts(ini.value(SmarthostIniKeys.CHECK_CUSTOMER_PORTS)),
                ini.getBoolean(SmarthostIniKeys.DOMAIN_ENABLED),
                ini.getInt(SmarthostIniKeys.CHECK_CUSTOMER_RATE));
    }

    public CheckPolicy withTimeouts(Duration connect, Duration banner, Duration total) {
        return new CheckPolicy(connect, banner, total, allowUntrustedCertificate, trustStore, resolver,
                heloName, customerPorts, domainLevelEnabled, customerChecksPerMinute);
    }

    public CheckPolicy withAllowUntrustedCertificate(boolean allow) {
        return new CheckPolicy(connectTimeout, bannerTimeout, totalTimeout, allow, trustStore, resolver,
                heloName, customerPorts, domainLevelEnabled, customerChecksPerMinute);
    }

    public CheckPolicy withTrustStore(KeyStore store) {
        return new CheckPolicy(connectTimeout, bannerTimeout, totalTimeout, allowUntrustedCertificate,
                Optional.of(store), resolver, heloName, customerPorts, domainLevelEnabled, customerChecksPerMinute);
    }

    public CheckPolicy withResolver(NameResolver nameResolver) {
        return new CheckPolicy(connectTimeout, bannerTimeout, totalTimeout, allowUntrustedCertificate,
                trustStore, nameResolver, heloName, customerPorts, domainLevelEnabled, customerChecksPerMinute);
    }

    public CheckPolicy withCustomerLimits(Set<Integer> ports, boolean domainLevel, int checksPerMinute) {
        return new CheckPolicy(connectTimeout, bannerTimeout, totalTimeout, allowUntrustedCertificate,
                trustStore, resolver, heloName, ports, domainLevel, checksPerMinute);
    }

    private static boolean validHeloName(String name) {
        if (name.matches("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})")) {
            return true;
        }
        LOG.warn("panel.ini [mail] smarthost.check.helo_name: not a host name (letters, digits, dots, hyphens); "
                + "using this machine's host name");
        return false;
    }

    /** "2526, 10025" -> {2526, 10025}; entries that are not ports 1-65535 are left out and logged. */
    static Set<Integer> parsePorts(String list) {
        Set<Integer> ports = new TreeSet<>();
        for (String token : list.split("[,\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            try {
                int port = Integer.parseInt(token);
                if (port >= 1 && port <= 65535) {
                    ports.add(port);
                    continue;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            LOG.warn("panel.ini [mail] smarthost.check.customer_ports: \"{}\" is not a port (1-65535); ignored", token);
        }
        return ports;
    }

    private static void requirePositive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be more than zero, was " + value);
        }
    }
}
