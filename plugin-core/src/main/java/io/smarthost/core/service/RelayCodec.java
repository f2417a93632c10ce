package io.smarthost.core.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.RelayAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * JSON form of {@link RelaySettings} and {@link CheckRecord} in the store. Versioned ({@code v}) and
 * tolerant of unknown fields so a newer plugin's data does not break an older one.
 */
final class RelayCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private RelayCodec() {
    }

    /** Stored shape; plain types only, so no Jackson modules are needed. */
    record StoredRelay(int v, boolean enabled, String host, String kind, Integer port, Boolean mxLookup,
                       String encryption, boolean verifyCertificate, boolean authentication, String username,
                       boolean secretSet, String provider, String updated) {
    }

    record StoredCheck(String time, boolean ok, String summary) {
    }

    static String write(RelaySettings s) {
        RelayAddress a = s.address().orElse(null);
        return json(new StoredRelay(1, s.enabled(), a == null ? null : a.host(), a == null ? null : a.kind().name(),
                a == null ? null : a.port(), a == null ? null : a.mxLookup(), s.encryption().id(),
                s.verifyCertificate(), s.authentication(), s.username(), s.secretSet(), s.provider(),
                s.updated().toString()));
    }

    static RelaySettings read(String json) {
        StoredRelay r = parse(json, StoredRelay.class);
        Optional<RelayAddress> address = r.host() == null ? Optional.empty()
                : Optional.of(new RelayAddress(r.host(), HostKind.valueOf(r.kind()), r.port(),
                        Boolean.TRUE.equals(r.mxLookup())));
        return new RelaySettings(r.enabled(), address, Encryption.fromId(r.encryption()).orElse(Encryption.STARTTLS),
                r.verifyCertificate(), r.authentication(), r.username(), r.secretSet(), r.provider(),
                r.updated() == null ? Instant.EPOCH : Instant.parse(r.updated()));
    }

    static String write(CheckRecord c) {
        return json(new StoredCheck(c.time().toString(), c.ok(), c.summary()));
    }

    static CheckRecord readCheck(String json) {
        StoredCheck c = parse(json, StoredCheck.class);
        return new CheckRecord(Instant.parse(c.time()), c.ok(), c.summary());
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("smarthost store entry is not valid JSON (" + type.getSimpleName() + ")", e);
        }
    }
}
