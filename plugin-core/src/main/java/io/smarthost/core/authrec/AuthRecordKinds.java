package io.smarthost.core.authrec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.core.provider.ProviderCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which record types each relay service's domain authentication asks for, from the catalogue
 * ({@code authRecordTypes} of each preset in {@code providers.json}): SendGrid's CNAMEs (em…,
 * s1/s2._domainkey), Mailgun's DKIM TXT and tracking CNAME, Mailjet's TXT, Amazon SES's Easy DKIM
 * CNAMEs... A relay that is not a preset (or a preset without the field) may use both types.
 *
 * @since 1.3
 */
public final class AuthRecordKinds {
    private static volatile Map<String, Set<AuthRecordType>> builtIn;

    private AuthRecordKinds() {
    }

    /** The types the preset {@code providerId} asks for; empty for an unknown id or a preset that asks for none. */
    public static Optional<Set<AuthRecordType>> of(String providerId) {
        return Optional.ofNullable(all().get(providerId));
    }

    /** The types allowed for records of {@code providerId}: the preset's, or both for any other relay. */
    public static Set<AuthRecordType> allowed(String providerId) {
        return of(providerId).orElse(EnumSet.allOf(AuthRecordType.class));
    }

    static Map<String, Set<AuthRecordType>> all() {
        Map<String, Set<AuthRecordType>> m = builtIn;
        if (m == null) {
            m = load();
            builtIn = m;
        }
        return m;
    }

    private static Map<String, Set<AuthRecordType>> load() {
        try (InputStream in = AuthRecordKinds.class.getClassLoader().getResourceAsStream(ProviderCatalog.RESOURCE)) {
            if (in == null) {
                throw new IOException(ProviderCatalog.RESOURCE + " is missing from the plugin");
            }
            Map<String, Set<AuthRecordType>> out = new HashMap<>();
            for (JsonNode p : new ObjectMapper().readTree(in).path("providers")) {
                if (!p.path("authRecordTypes").isArray()) {
                    continue;
                }
                Set<AuthRecordType> types = EnumSet.noneOf(AuthRecordType.class);
                for (JsonNode t : p.path("authRecordTypes")) {
                    types.add(AuthRecordType.parse(t.asText()).orElseThrow(() -> new IOException(
                            "provider " + p.path("id") + ": authRecordTypes holds " + t + ", not CNAME or TXT")));
                }
                out.put(p.path("id").asText(), Set.copyOf(types));
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the provider catalogue " + ProviderCatalog.RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
