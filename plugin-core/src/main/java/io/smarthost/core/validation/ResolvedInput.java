package io.smarthost.core.validation;

import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.ParsedHost;
import io.smarthost.core.relay.RelayAddress;
import io.smarthost.panel.api.Secret;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@link RelayInput} that passed {@link RelayValidator}, with every default filled in.
 *
 * @param enabled           relay on
 * @param address           the relay's address; empty only when the input named no host
 * @param encryption        explicit or the default for the port
 * @param verifyCertificate default true
 * @param authentication    a login is required
 * @param username          stripped; empty text without authentication
 * @param password          the new secret, empty to keep the stored one
 * @param provider          provider id, {@code custom} when none
 * @param backup            the backup relay, if one was named (since 1.3)
 */
public record ResolvedInput(boolean enabled, Optional<RelayAddress> address, Encryption encryption,
                            boolean verifyCertificate, boolean authentication, String username,
                            Optional<Secret> password, String provider, Optional<ResolvedBackup> backup) {

    @Override
    public String toString() {
        return "ResolvedInput[enabled=" + enabled + ", address=" + address + ", encryption=" + encryption
                + ", verifyCertificate=" + verifyCertificate + ", authentication=" + authentication
                + ", username=" + username + ", password=" + (password.isPresent() ? "******" : "(unchanged)")
                + ", provider=" + provider + ", backup=" + backup + "]";
    }

    /**
     * Fills in the defaults. Call only on input {@link RelayValidator} accepted.
     *
     * @throws IllegalArgumentException when the input was not valid
     */
    public static ResolvedInput of(RelayInput in) {
        Optional<ParsedHost> host = InputRules.parsedHost(in.host());
        if (InputRules.hostProblem(in.host()).isPresent() || InputRules.portProblem(in.port()).isPresent()
                || InputRules.encryptionProblem(in.encryption()).isPresent()) {
            throw new IllegalArgumentException("relay input was not validated first");
        }
        Optional<Encryption> chosen = InputRules.blank(in.encryption()) ? Optional.empty()
                : Encryption.fromId(in.encryption());
        int port = port(in, host, chosen);
        Encryption encryption = chosen.orElse(Encryption.defaultFor(port));
        Optional<RelayAddress> address = host.map(h -> h.toAddress(port));
        String user = in.authentication() && in.username() != null ? in.username().strip() : "";
        Optional<Secret> secret = in.authentication() && in.hasPassword() ? Optional.of(in.password()) : Optional.empty();
        String provider = InputRules.blank(in.provider()) ? ProviderCatalog.CUSTOM : in.provider().strip();
        return new ResolvedInput(in.enabled(), address, encryption,
                in.verifyCertificate() == null || in.verifyCertificate(), in.authentication(), user, secret, provider,
                ResolvedBackup.of(in.backup(), port));
    }

    /** The port field, else the one after the host, else 465 for implicit TLS, else 587 (submission). */
    static int port(RelayInput in, Optional<ParsedHost> host, Optional<Encryption> encryption) {
        OptionalInt field = InputRules.port(in.port());
        if (field.isPresent()) {
            return field.getAsInt();
        }
        if (host.isPresent() && host.get().port().isPresent()) {
            return host.get().port().getAsInt();
        }
        return encryption.filter(e -> e == Encryption.TLS).isPresent() ? 465 : 587;
    }
}
