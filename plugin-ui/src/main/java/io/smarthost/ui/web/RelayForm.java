package io.smarthost.ui.web;

import io.smarthost.core.backend.DetectedRelay;
import io.smarthost.core.provider.Provider;
import io.smarthost.core.provider.ProviderCatalog;
import io.smarthost.core.service.RelaySettings;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.Secret;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Optional;

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

    /** What the browser posted. */
    static RelayForm from(MultivaluedMap<String, String> form) {
        return new RelayForm(checked(form, "enabled"), form.getFirst("provider"), form.getFirst("region"),
                trim(form.getFirst("host")), trim(form.getFirst("port")), form.getFirst("encryption"),
                verifyCertificate(form),
                checked(form, "authentication"), trim(form.getFirst("username")));
    }

    /**
     * The certificate box: null (the default) when the form did not offer it, or when encryption is
     * "none": there is no certificate then and the mail server ignores the flag (Postfix's plain
     * transport), so a box left unticked there must not turn verification off for a later switch to TLS.
     */
    private static Boolean verifyCertificate(MultivaluedMap<String, String> form) {
        if (!form.containsKey(VERIFY_SHOWN) || "none".equals(trim(form.getFirst("encryption")))) {
            return null;
        }
        return checked(form, "verifyCertificate");
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
        if (preset.isPresent() && h.isEmpty()) {
            Provider pr = preset.get();
            if (!pr.needsRegion() || pr.regions().contains(region)) {
                h = pr.hostFor(region.isEmpty() ? Optional.empty() : Optional.of(region));
                p = p.isEmpty() ? String.valueOf(pr.port()) : p;
                e = e.isEmpty() ? pr.encryption().id() : e;
                u = u.isEmpty() && authentication ? pr.fixedUsername().orElse("") : u;
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

    private static boolean checked(MultivaluedMap<String, String> form, String name) {
        String v = form.getFirst(name);
        return v != null && (v.equals("on") || v.equals("true") || v.equals("1"));
    }

    private static String trim(String v) {
        return v == null ? "" : v.strip();
    }

    private static String blankTo(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v;
    }
}
