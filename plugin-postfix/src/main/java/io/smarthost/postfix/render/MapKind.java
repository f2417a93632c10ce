package io.smarthost.postfix.render;

/** The lookup tables we own, in the maps folder beside main.cf. */
public enum MapKind {
    /** {@code sender_dependent_relayhost_maps}: {@code @domain nexthop}. */
    SENDER_RELAY("sender_relay", "sender_dependent_relayhost_maps", false),
    /** {@code sender_dependent_default_transport_maps}: {@code @domain transport:nexthop}. */
    SENDER_TRANSPORT("sender_transport", "sender_dependent_default_transport_maps", false),
    /** {@code smtp_sasl_password_maps}: {@code @domain user:secret} and {@code nexthop user:secret}. */
    SASL_PASSWD("sasl_passwd", "smtp_sasl_password_maps", true);

    private final String file;
    private final String parameter;
    private final boolean secret;

    MapKind(String file, String parameter, boolean secret) {
        this.file = file;
        this.parameter = parameter;
        this.secret = secret;
    }

    /** File name of the text source ({@code .db} is added by postmap). */
    public String file() {
        return file;
    }

    /** The main.cf parameter that points at it. */
    public String parameter() {
        return parameter;
    }

    /** Whether values are secrets (masked in previews and reports). */
    public boolean secret() {
        return secret;
    }
}
