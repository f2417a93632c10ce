package io.smarthost.windows.smartermail;

import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import java.util.Objects;
import java.util.Optional;

/**
 * A SmarterMail outbound gateway, in SmarterMail's own terms (its admin page: Server Address, Port,
 * Encryption, Status, Type, Enable Authentication, Auth Username / Password, Description).
 *
 * @param id          SmarterMail's id; empty before it is created
 * @param address     server address (host name or IP)
 * @param auth        login, when "Enable Authentication" is on; SmarterMail does not give the
 *                    password back, so a gateway read from it carries only the user name and an
 *                    empty secret
 * @param description free text; the panel puts its marker here to find its own gateways again
 */
public record Gateway(String id, String address, int port, Mode encryption, boolean enabled, Type type,
                      Optional<Credentials> auth, String description) {

    public Gateway {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        auth = auth == null ? Optional.empty() : auth;
        description = description == null ? "" : description;
    }

    /** SmarterMail's encryption choice ("TLS", "SSL", or none). */
    public enum Mode {
        NONE, TLS, SSL;

        /** STARTTLS is what SmarterMail calls TLS; implicit TLS is its SSL. */
        static Mode of(Encryption encryption) {
            return switch (encryption) {
                case STARTTLS -> TLS;
                case TLS -> SSL;
                case NONE -> NONE;
            };
        }
    }

    /** Round Robin: used for all domains; Specific Domains: only for the domains assigned to it. */
    public enum Type { ROUND_ROBIN, SPECIFIC_DOMAINS }

    static Gateway of(Relay relay, Type type, String description) {
        return new Gateway("", relay.address().host(), relay.address().port(), Mode.of(relay.encryption()), true,
                type, relay.credentials(), description);
    }

    Gateway withId(String newId) {
        return new Gateway(newId, address, port, encryption, enabled, type, auth, description);
    }

    /** Whether everything but the id and the password is the same. */
    boolean sameSettings(Gateway other) {
        return address.equalsIgnoreCase(other.address) && port == other.port && encryption == other.encryption
                && enabled == other.enabled && type == other.type && description.equals(other.description)
                && auth.map(Credentials::username).equals(other.auth.map(Credentials::username));
    }

    /** For people: no password. */
    String summary() {
        return address + ":" + port + " encryption " + encryption + ", " + (enabled ? "enabled" : "disabled") + ", "
                + (type == Type.ROUND_ROBIN ? "Round Robin" : "Specific Domains")
                + auth.map(c -> ", login " + c.username()).orElse(", no login");
    }
}
