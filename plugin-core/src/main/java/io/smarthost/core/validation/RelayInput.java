package io.smarthost.core.validation;

import io.smarthost.panel.api.Secret;

/**
 * Relay settings for one scope exactly as an admin typed them in a form, a REST call or on the
 * command line. Text fields may be blank; {@link RelayValidator} says what is wrong, field by field.
 *
 * @param enabled            send mail of this scope through the relay
 * @param host               {@code smtp.example.com}, {@code [smtp.example.com]:2525}, {@code 192.0.2.1},
 *                           {@code [2001:db8::1]:587}, Unicode names; brackets turn MX/SRV lookup off
 * @param port               1-65535; blank takes the port written after the host, else 465 for
 *                           {@code tls} and 587 otherwise
 * @param encryption         {@code starttls}, {@code tls} or {@code none}; blank: {@code tls} on port 465,
 *                           else {@code starttls}
 * @param verifyCertificate  null means yes (the default)
 * @param authentication     the relay requires a login
 * @param username           login name (for API-key services a fixed name such as {@code apikey})
 * @param password           password or API key; null or empty keeps the stored one
 * @param provider           preset id from the provider catalogue, or blank/{@code custom}
 * @param backup             a backup relay; null: none (since 1.3)
 */
@ConsistentRelay
@ValidBackup
public record RelayInput(
        boolean enabled,
        @ValidHost String host,
        @ValidPort String port,
        @ValidEncryption String encryption,
        Boolean verifyCertificate,
        boolean authentication,
        @ValidUsername String username,
        @ValidSecret Secret password,
        @ValidProvider String provider,
        BackupInput backup) {

    /** Input without a backup relay. */
    public RelayInput(boolean enabled, String host, String port, String encryption, Boolean verifyCertificate,
                      boolean authentication, String username, Secret password, String provider) {
        this(enabled, host, port, encryption, verifyCertificate, authentication, username, password, provider, null);
    }

    /** This input with {@code newBackup} (null: none). @since 1.3 */
    public RelayInput withBackup(BackupInput newBackup) {
        return new RelayInput(enabled, host, port, encryption, verifyCertificate, authentication, username,
                password, provider, newBackup);
    }

    /** Whether a backup relay is named. @since 1.3 */
    public boolean hasBackup() {
        return backup != null && backup.present();
    }

    /** Input that turns the relay off and changes nothing else. */
    public static RelayInput disabled() {
        return new RelayInput(false, null, null, null, null, false, null, null, null);
    }

    /** Whether a new secret was typed (a blank one keeps the stored secret). */
    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    public RelayInput withPassword(Secret newPassword) {
        return new RelayInput(enabled, host, port, encryption, verifyCertificate, authentication, username,
                newPassword, provider, backup);
    }

    public RelayInput withEnabled(boolean on) {
        return new RelayInput(on, host, port, encryption, verifyCertificate, authentication, username,
                password, provider, backup);
    }

    @Override
    public String toString() {
        return "RelayInput[enabled=" + enabled + ", host=" + host + ", port=" + port + ", encryption=" + encryption
                + ", verifyCertificate=" + verifyCertificate + ", authentication=" + authentication
                + ", username=" + username + ", password=" + (hasPassword() ? "******" : "(unchanged)")
                + ", provider=" + provider + (backup == null ? "" : ", backup=" + backup) + "]";
    }

    /** Builds input field by field (tests, CLI). */
    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; every field starts blank. */
    public static final class Builder {
        private boolean enabled = true;
        private String host;
        private String port;
        private String encryption;
        private Boolean verifyCertificate;
        private boolean authentication;
        private String username;
        private Secret password;
        private String provider;
        private BackupInput backup;

        public Builder enabled(boolean v) { enabled = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder port(String v) { port = v; return this; }
        public Builder encryption(String v) { encryption = v; return this; }
        public Builder verifyCertificate(Boolean v) { verifyCertificate = v; return this; }
        public Builder authentication(boolean v) { authentication = v; return this; }
        public Builder username(String v) { username = v; return this; }
        public Builder password(Secret v) { password = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder backup(BackupInput v) { backup = v; return this; }

        /** Sets authentication on with this login. */
        public Builder login(String user, String secret) {
            authentication = true;
            username = user;
            password = secret == null ? null : Secret.of(secret);
            return this;
        }

        public RelayInput build() {
            return new RelayInput(enabled, host, port, encryption, verifyCertificate, authentication, username,
                    password, provider, backup);
        }
    }
}
