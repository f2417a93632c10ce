package io.smarthost.ui.web;

import io.smarthost.core.backend.DetectedRelay;
import io.smarthost.core.provider.Provider;
import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.Secret;
import jakarta.ws.rs.core.MultivaluedMap;
import io.smarthost.ui.input.FieldRules;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The smarthost form's fields as text, the way the browser sends them and the template shows them.
 * The password is never part of it: a typed password travels separately and is never shown again.
 *
 * @param enabled           "Send users' mail via a smarthost"
 * @param provider          preset id or {@code custom}
 * @param region            region of a preset whose host needs one (Amazon SES)
 * @param host              host as typed (brackets turn MX/SRV lookup off)
 * @param port              port as typed; blank = the default for the encryption
 * @param encryption        {@code starttls}, {@code tls}, {@code none}
 * @param verifyCertificate the checkbox; null when the form did not offer it (the default applies)
 * @param authentication    "Authentication required"
 * @param username          login name
 */
record RelayForm(boolean enabled, String provider, String region, String host, String port, String encryption,
                 Boolean verifyCertificate, boolean authentication, String username) {

    /** The hidden field saying the certificate checkbox was on the form (an unticked box sends nothing). */
    static final String VERIFY_SHOWN = "verifyCertificateShown";

    RelayForm {
        provider = blankTo(provider, ProviderCatalog.CUSTOM);
        region = blankTo(region, "");
        host = blankTo(host, "");
        port = blankTo(port, "");
        encryption = blankTo(encryption, "");
        username = blankTo(username, "");
    }

    /** A new form: relay off, STARTTLS, certificate verified. */
    static RelayForm empty() {
        return new RelayForm(false, ProviderCatalog.CUSTOM, "", "", "", "starttls", true, false, "");
    }

    /** The stored settings as the form shows them (no secret). */
    static RelayForm of(Optional<RelaySettings> stored) {
        if (stored.isEmpty()) {
            return empty();
        }
        RelaySettings s = stored.get();
        return new RelayForm(s.enabled(), s.provider(), regionOf(s), s.address().map(a -> a.hostField(true)).orElse(""),
                s.address().map(a -> String.valueOf(a.port())).orElse(""), s.encryption().id(), s.verifyCertificate(),
                s.authentication(), s.username());
    }

    /** A relay found set up by hand in the mail server (never with its password: the admin types it). */
    static RelayForm detected(DetectedRelay d) {
        return new RelayForm(true, ProviderCatalog.CUSTOM, "", d.host(), String.valueOf(d.port()), d.encryption().id(),
                d.verifyCertificate(), d.authentication(), d.username());
    }

    /**
     * What the browser posted, read by the same rules as a REST body ({@link FieldRules}): text as typed
     * (the validator refuses {@code "25\n"} as it does over REST), a box's value {@code on}/{@code true} or
     * {@code false}/{@code off}; another value ({@code enabled=maybe}) is handed to {@code refuse}.
     */
    static RelayForm from(MultivaluedMap<String, String> form, BiConsumer<String, FieldRules.Problem> refuse) {
        return new RelayForm(box(form, "enabled", refuse), form.getFirst("provider"), form.getFirst("region"),
                text(form, "host", refuse), text(form, "port", refuse), text(form, "encryption", refuse),
                verifyCertificate(form, refuse), box(form, "authentication", refuse), text(form, "username", refuse));
    }

    /**
     * The certificate box: null (the default) when the form did not offer it, or when encryption is
     * "none": there is no certificate then and the mail server ignores the flag (Postfix's plain
     * transport), so a box left unticked there must not turn verification off for a later switch to TLS.
     */
    private static Boolean verifyCertificate(MultivaluedMap<String, String> form, BiConsumer<String, FieldRules.Problem> refuse) {
        boolean ticked = box(form, "verifyCertificate", refuse);
        if (!form.containsKey(VERIFY_SHOWN) || "none".equals(trim(form.getFirst("encryption")))) {
            return null;
        }
        return ticked;
    }

    /**
     * The input for the core service. A preset chosen with the host left blank fills in the preset's
     * host (with the region), port, encryption and fixed username, so the select works without
     * JavaScript too.
     */
    RelayInput toInput(Optional<Secret> password, ProviderCatalog catalog) {
        String h = host;
        String p = port;
        String e = encryption;
        String u = username;
        Optional<Provider> preset = catalog.find(provider);
        if (preset.isPresent() && h.isBlank()) {
            Provider pr = preset.get();
            if (!pr.needsRegion() || pr.regions().contains(region)) {
                h = pr.hostFor(region.isEmpty() ? Optional.empty() : Optional.of(region));
                p = p.isBlank() ? String.valueOf(pr.port()) : p;
                e = e.isBlank() ? pr.encryption().id() : e;
                u = u.isBlank() && authentication ? pr.fixedUsername().orElse("") : u;
            }
        }
        return new RelayInput(enabled, h, p, e, verifyCertificate, authentication, u, password.orElse(null), provider);
    }

    /** The fields for the template (FreeMarker sees only public types' methods, so a map). */
    java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        m.put("enabled", enabled);
        m.put("provider", provider);
        m.put("region", region);
        m.put("host", host);
        m.put("port", port);
        m.put("encryption", encryption);
        m.put("verifyCertificate", verifyCertificate == null || verifyCertificate);
        m.put("authentication", authentication);
        m.put("username", username);
        return m;
    }

    private static String regionOf(RelaySettings s) {
        return ProviderCatalog.builtIn().find(s.provider()).filter(Provider::needsRegion)
                .flatMap(p -> s.address().flatMap(a -> p.regions().stream()
                        .filter(r -> p.hostFor(Optional.of(r)).equalsIgnoreCase(a.host())).findFirst()))
                .orElse("");
    }

    /** A checkbox: absent is unticked; its value follows {@link FieldRules#bool}. */
    static boolean box(MultivaluedMap<String, String> form, String name, BiConsumer<String, FieldRules.Problem> refuse) {
        return FieldRules.bool(name, FieldRules.FormText.of(form.getFirst(name)), refuse).orElse(false);
    }

    private static String text(MultivaluedMap<String, String> form, String name, BiConsumer<String, FieldRules.Problem> refuse) {
        String value = FieldRules.text(name, FieldRules.FormText.of(form.getFirst(name)), false, refuse);
        return value == null ? "" : value;
    }

    private static String trim(String v) {
        return v == null ? "" : v.strip();
    }

    private static String blankTo(String v, String fallback) {
        // only absent or empty: "\n" is not blank here, so the validator refuses it as it does over REST
        return v == null || v.isEmpty() ? fallback : v;
    }
}
