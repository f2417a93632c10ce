package io.smarthost.postfix.render;

import io.smarthost.core.relay.Relay;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code master.cf} smtp transports that carry a relay's encryption. Relayed mail goes through
 * one of these (by {@code default_transport} for the server-wide relay, by
 * {@code sender_dependent_default_transport_maps} per domain), so the TLS level is a property of the
 * route, never a global setting that would force direct delivery of other mail to TLS.
 */
public enum Transport {
    /** No encryption required; TLS still used when the relay offers it. */
    PLAIN("smarthost-plain", false, "may"),
    STARTTLS("smarthost-starttls", false, "encrypt"),
    STARTTLS_VERIFY("smarthost-starttls-verify", false, "secure"),
    /** Implicit TLS (wrapper mode, port 465 style). */
    TLS("smarthost-tls", true, "encrypt"),
    TLS_VERIFY("smarthost-tls-verify", true, "secure");

    /** Prefix of every service we own in master.cf. */
    public static final String PREFIX = "smarthost-";

    private final String service;
    private final boolean wrapper;
    private final String level;

    Transport(String service, boolean wrapper, String level) {
        this.service = service;
        this.wrapper = wrapper;
        this.level = level;
    }

    /** Suffix of the services that never log in ({@code smtp_sasl_auth_enable=no}). */
    public static final String NO_LOGIN = "-nologin";

    /**
     * The master.cf service: with {@code login}, the one that logs in when the password map has a login for the
     * sender or the next hop; without, its twin that never logs in.
     */
    public String service(boolean login) {
        return login ? service : service + NO_LOGIN;
    }

    public static Transport of(Relay relay) {
        boolean verify = relay.verifyCertificate();
        return switch (relay.encryption()) {
            case NONE -> PLAIN;
            case STARTTLS -> verify ? STARTTLS_VERIFY : STARTTLS;
            case TLS -> verify ? TLS_VERIFY : TLS;
        };
    }

    /**
     * Whether mail through {@code relay} may log in: it, or its backup, has a login. A relay saved without one goes
     * through a service that never logs in: Postfix looks the password map up by sender, then by next hop, so without
     * it a domain relay without a login on the host and port of the server-wide relay was sent with the server's
     * login, while the panel and its connection check said no login (a hostile tester).
     */
    public static boolean logsIn(Relay relay) {
        return relay.credentials().isPresent()
                || relay.backup().flatMap(b -> b.credentials(relay)).isPresent();
    }

    /** The service of {@code relay}: its encryption, and whether it logs in. */
    public static String serviceOf(Relay relay) {
        return of(relay).service(logsIn(relay));
    }

    /** {@code transport:nexthop}, the value of a sender-dependent transport entry. */
    public String route(Relay relay) {
        return service(logsIn(relay)) + ":" + Nexthop.list(relay);
    }

    /**
     * The master.cf block for all transports: each an smtp(8) client whose TLS settings are fixed by
     * {@code -o} options; the global policy map is switched off for them so a hand-written policy for the
     * same next-hop cannot weaken the level chosen here.
     *
     * @param caFile CA bundle used to verify relays' certificates ({@code secure} level)
     */
    public static String masterBlock(String caFile) {
        StringBuilder sb = new StringBuilder();
        for (boolean login : new boolean[] {true, false}) {
            for (Transport t : values()) {
                sb.append(t.service(login)).append(" unix - - n - - smtp\n");
                if (t.wrapper) {
                    sb.append("  -o smtp_tls_wrappermode=yes\n");
                }
                sb.append("  -o smtp_tls_security_level=").append(t.level).append('\n');
                if (t.level.equals("secure")) {
                    sb.append("  -o smtp_tls_CAfile=").append(caFile).append('\n');
                    sb.append("  -o smtp_tls_secure_cert_match=nexthop,dot-nexthop\n");
                }
                sb.append("  -o smtp_tls_policy_maps=\n");
                if (!login) {
                    sb.append("  -o smtp_sasl_auth_enable=no\n");
                }
            }
        }
        return sb.toString();
    }

    /** Every service of {@link #masterBlock}, in its order. */
    public static List<String> services() {
        return java.util.stream.Stream.concat(Arrays.stream(values()).map(t -> t.service(true)),
                Arrays.stream(values()).map(t -> t.service(false))).toList();
    }
}
