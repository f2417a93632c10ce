package io.smarthost.core.provider;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.core.relay.Encryption;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The relay service presets, read from {@code io/smarthost/core/provider/providers.json} through the
 * plugin's class loader. Besides these, {@value #CUSTOM} means "any other relay".
 */
public final class ProviderCatalog {

    /** The provider id of a relay that is not one of the presets. */
    public static final String CUSTOM = "custom";
    public static final String RESOURCE = "io/smarthost/core/provider/providers.json";

    private static volatile ProviderCatalog builtIn;

    private final List<Provider> providers;

    public ProviderCatalog(List<Provider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** The presets shipped with the plugin (loaded once). */
    public static ProviderCatalog builtIn() {
        ProviderCatalog c = builtIn;
        if (c == null) {
            c = load(ProviderCatalog.class.getClassLoader());
            builtIn = c;
        }
        return c;
    }

    /** @throws UncheckedIOException when the resource is missing or malformed (a packaging error) */
    public static ProviderCatalog load(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the plugin");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the provider catalogue " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static ProviderCatalog parse(InputStream in) throws IOException {
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        List<Provider> out = new ArrayList<>();
        for (JsonNode p : json.readTree(in).path("providers")) {
            List<String> regions = new ArrayList<>();
            p.path("regions").forEach(r -> regions.add(r.asText()));
            String encryption = p.path("encryption").asText();
            out.add(new Provider(text(p, "id"), text(p, "name"), text(p, "host"), p.path("port").asInt(),
                    Encryption.fromId(encryption).orElseThrow(
                            () -> new IOException("provider " + p.path("id") + ": unknown encryption " + encryption)),
                    p.path("fixedUsername").isTextual() ? Optional.of(p.path("fixedUsername").asText()) : Optional.empty(),
                    p.path("usernameHint").asText(""), text(p, "spfInclude"), text(p, "verificationDocs"),
                    p.path("forwardingMayBreak").asBoolean(false), regions));
        }
        return new ProviderCatalog(out);
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IOException("provider entry lacks '" + field + "': " + node.path("id"));
        }
        return v.asText();
    }

    /** Every preset, in catalogue order (without {@value #CUSTOM}). */
    public List<Provider> all() {
        return providers;
    }

    public Optional<Provider> find(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Whether {@code id} is a preset or {@value #CUSTOM}. */
    public boolean isKnown(String id) {
        return CUSTOM.equals(id) || find(id).isPresent();
    }

    /** The preset whose relay host this is, e.g. to suggest the SPF include of a custom entry. */
    public Optional<Provider> byHost(String asciiHost) {
        return providers.stream().filter(p -> p.servesHost(asciiHost)).findFirst();
    }
}
