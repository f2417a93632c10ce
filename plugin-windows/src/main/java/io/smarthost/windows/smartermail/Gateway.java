package io.smarthost.windows.smartermail;

import io.smarthost.core.relay.Credentials;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.Relay;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
 * @param direction   inbound or outbound, where SmarterMail says (its current help lists both in one list
 *                    with a "Gateway Mode"); the panel only ever looks at outbound ones
 * @param fields      the JSON field names SmarterMail's reply had for this gateway (empty for a gateway the
 *                    panel builds): what the read-back and the probe check the assumed names against
 */
public record Gateway(String id, String address, int port, Mode encryption, boolean enabled, Type type,
                      Optional<Credentials> auth, String description, Direction direction, Set<String> fields) {

    public Gateway {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        auth = auth == null ? Optional.empty() : auth;
        description = description == null ? "" : description;
        direction = direction == null ? Direction.UNSTATED : direction;
        fields = fields == null ? Set.of() : Set.copyOf(fields);
    }

    /** A gateway as the panel writes it: outbound. */
    public Gateway(String id, String address, int port, Mode encryption, boolean enabled, Type type,
                   Optional<Credentials> auth, String description) {
        this(id, address, port, encryption, enabled, type, auth, description, Direction.OUTBOUND, Set.of());
    }

    /** SmarterMail's "Gateway Mode"; UNSTATED when the reply has no such field (older versions: outbound only). */
    public enum Direction { OUTBOUND, INBOUND, UNSTATED }

    boolean inbound() {
        return direction == Direction.INBOUND;
    }

    /** Whether SmarterMail's reply carried a description field at all (its current help shows none). */
    boolean hasDescriptionField() {
        return fields.contains(SmarterMailAdapter.F_DESCRIPTION);
    }

    /** Address, port and login name: how the panel recognises its gateway where there is no description. */
    boolean sameIdentity(Gateway other) {
        return address.equalsIgnoreCase(other.address) && port == other.port
                && auth.map(Credentials::username).equals(other.auth.map(Credentials::username));
    }

    /**
     * Each field of {@code wanted} that this gateway, read back from SmarterMail, does not hold, as
     * "field: SmarterMail has X, the panel wrote Y" (no password: SmarterMail never returns it). The
     * description is compared only where SmarterMail's reply has the field.
     */
    List<String> differencesFrom(Gateway wanted) {
        List<String> out = new ArrayList<>();
        compare(out, SmarterMailAdapter.F_ADDRESS, address.toLowerCase(Locale.ROOT),
                wanted.address.toLowerCase(Locale.ROOT));
        compare(out, SmarterMailAdapter.F_PORT, Integer.toString(port), Integer.toString(wanted.port));
        compare(out, SmarterMailAdapter.F_ENCRYPTION, encryption.name(), wanted.encryption.name());
        compare(out, SmarterMailAdapter.F_ENABLED, Boolean.toString(enabled), Boolean.toString(wanted.enabled));
        compare(out, SmarterMailAdapter.F_TYPE, type.name(), wanted.type.name());
        compare(out, SmarterMailAdapter.F_AUTH, Boolean.toString(auth.isPresent()),
                Boolean.toString(wanted.auth.isPresent()));
        compare(out, SmarterMailAdapter.F_AUTH_USERNAME, auth.map(Credentials::username).orElse(""),
                wanted.auth.map(Credentials::username).orElse(""));
        if (fields.isEmpty() || hasDescriptionField()) {
            compare(out, SmarterMailAdapter.F_DESCRIPTION, description, wanted.description);
        }
        if (direction == Direction.INBOUND) {
            out.add(SmarterMailAdapter.F_MODE + ": SmarterMail has an inbound gateway, the panel wrote an outbound one");
        }
        return out;
    }

    private void compare(List<String> out, String field, String has, String wrote) {
        if (!has.equals(wrote)) {
            boolean absent = !fields.isEmpty() && !fields.contains(field);
            out.add(field + ": SmarterMail has " + (absent ? "no such field" : "\"" + has + "\"")
                    + ", the panel wrote \"" + wrote + "\"");
        }
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
        return new Gateway(newId, address, port, encryption, enabled, type, auth, description, direction, fields);
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
