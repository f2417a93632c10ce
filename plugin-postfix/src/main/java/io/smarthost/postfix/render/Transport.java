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

    public String service() {
        return service;
    }

    public static Transport of(Relay relay) {
        boolean verify = relay.verifyCertificate();
        return switch (relay.encryption()) {
            case NONE -> PLAIN;
            case STARTTLS -> verify ? STARTTLS_VERIFY : STARTTLS;
            case TLS -> verify ? TLS_VERIFY : TLS;
        };
    }

    /** {@code transport:nexthop}, the value of a sender-dependent transport entry. */
    public String route(Relay relay) {
        return service + ":" + Nexthop.list(relay);
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
        for (Transport t : values()) {
            sb.append(t.service).append(" unix - - n - - smtp\n");
            if (t.wrapper) {
                sb.append("  -o smtp_tls_wrappermode=yes\n");
            }
            sb.append("  -o smtp_tls_security_level=").append(t.level).append('\n');
            if (t.level.equals("secure")) {
                sb.append("  -o smtp_tls_CAfile=").append(caFile).append('\n');
                sb.append("  -o smtp_tls_secure_cert_match=nexthop,dot-nexthop\n");
            }
            sb.append("  -o smtp_tls_policy_maps=\n");
        }
        return sb.toString();
    }

    public static List<String> services() {
        return Arrays.stream(values()).map(Transport::service).toList();
    }
}
