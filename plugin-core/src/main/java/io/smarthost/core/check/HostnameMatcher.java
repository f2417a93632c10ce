package io.smarthost.core.check;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Does a certificate name the host we connected to? RFC 6125 rules: DNS names from the subject
 * alternative names, a wildcard only as the whole left-most label; IP addresses only against IP
 * entries; the subject's CN only when the certificate has no DNS names (what mail servers still do).
 */
final class HostnameMatcher {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostnameMatcher() {
    }

    static boolean matches(X509Certificate cert, String host, boolean ipLiteral) {
        String wanted = normalise(host);
        if (ipLiteral) {
            InetAddress address = parse(wanted);
            return address != null && names(cert, SAN_IP).stream().map(HostnameMatcher::parse)
                    .anyMatch(address::equals);
        }
        List<String> dnsNames = names(cert, SAN_DNS);
        if (dnsNames.isEmpty()) {
            dnsNames = commonNames(cert);
        }
        return dnsNames.stream().map(HostnameMatcher::normalise).anyMatch(pattern -> matchesName(pattern, wanted));
    }

    /**
     * Postfix's {@code smtp_tls_secure_cert_match = nexthop, dot-nexthop}: a DNS name of the
     * certificate (its CN only when it has none) equals the next-hop (a wildcard standing for the
     * whole left-most label), or ends with {@code .nexthop} (any subdomain, as OpenSSL matches a
     * reference name starting with a dot). An IP-literal next-hop matches nothing: Postfix 3.7
     * refused a relay {@code [127.0.0.1]} whose certificate had the IP entry 127.0.0.1, the DNS
     * entry "127.0.0.1", or only that CN ({@code CheckPredictsPostfixTest} in plugin-postfix).
     */
    static boolean matchesNexthop(X509Certificate cert, String nexthop, boolean ipLiteral) {
        if (ipLiteral) {
            return false;
        }
        String wanted = normalise(nexthop);
        List<String> dnsNames = names(cert, SAN_DNS);
        if (dnsNames.isEmpty()) {
            dnsNames = commonNames(cert);
        }
        return dnsNames.stream().map(HostnameMatcher::normalise)
                .anyMatch(name -> matchesName(name, wanted) || name.endsWith("." + wanted));
    }

    /** Subject alternative names for the report: {@code DNS:relay.test, IP:127.0.0.1}. */
    static List<String> describeAltNames(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        names(cert, SAN_DNS).forEach(n -> out.add("DNS:" + n));
        names(cert, SAN_IP).forEach(n -> out.add("IP:" + n));
        return out;
    }

    static boolean matchesName(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            String suffix = pattern.substring(1);
            int firstDot = host.indexOf('.');
            return firstDot > 0 && host.substring(firstDot).equals(suffix) && suffix.indexOf('.', 1) > 0;
        }
        return pattern.equals(host);
    }

    private static List<String> names(X509Certificate cert, int type) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && san.get(0) instanceof Integer t && t == type && san.get(1) instanceof String s) {
                        out.add(s);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension names nothing
        }
        return out;
    }

    private static List<String> commonNames(X509Certificate cert) {
        List<String> out = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    out.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            // no usable CN
        }
        return out;
    }

    private static String normalise(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static InetAddress parse(String literal) {
        try {
            return literal.isEmpty() || !(Character.digit(literal.charAt(0), 16) >= 0 || literal.charAt(0) == ':')
                    ? null : InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
