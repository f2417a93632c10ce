package io.smarthost.core.relay;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How the connection to a relay is protected. Chosen per relay.
 */
public enum Encryption {
    /** Plain connection upgraded with STARTTLS; the upgrade is required (no fallback to clear text). */
    STARTTLS("starttls"),
    /** Implicit TLS from the first byte (SMTPS, usually port 465). */
    TLS("tls"),
    /** No encryption. Credentials then travel in clear: only for trusted networks. */
    NONE("none");

    private final String id;

    Encryption(String id) {
        this.id = id;
    }

    /** The lower-case id used in forms, the API, the CLI and the store. */
    public String id() {
        return id;
    }

    public static Optional<Encryption> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.id.equals(wanted)).findFirst();
    }

    /** The usual choice for a port: implicit TLS on 465, STARTTLS elsewhere. */
    public static Encryption defaultFor(int port) {
        return port == 465 ? TLS : STARTTLS;
    }
}
