package io.smarthost.core.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smarthost.core.check.CheckStep;
import io.smarthost.core.check.CheckText;
import io.smarthost.core.relay.Encryption;
import io.smarthost.core.relay.HostKind;
import io.smarthost.core.relay.RelayAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

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
                       boolean secretSet, String provider, String updated, StoredBackup backup) {
    }

    /** The backup relay inside a {@link StoredRelay} (since 1.3); absent: none. */
    record StoredBackup(String host, String kind, int port, boolean mxLookup, boolean ownLogin, String username,
                        boolean secretSet) {
    }

    /**
     * A check record. Version 2 (1.1): codes and values. Without {@code v} (1.0): {@code time},
     * {@code ok} and a {@code summary} text in its author's language, which is not read back.
     */
    record StoredCheck(Integer v, String time, boolean ok, Long tookMs, StoredCheckedRelay relay,
                       List<StoredStep> steps, Map<String, Object> advice, String summary) {
    }

    record StoredCheckedRelay(String relay, String encryption, boolean verifyCertificate, boolean authentication,
                              String username) {
    }

    record StoredStep(String id, String status, List<Map<String, Object>> texts, Integer reply) {
    }

    /** A stored text value is cut to this many characters (a reply is one line; the record stays small). */
    static final int MAX_VALUE = 300;

    static String write(RelaySettings s) {
        RelayAddress a = s.address().orElse(null);
        return json(new StoredRelay(1, s.enabled(), a == null ? null : a.host(), a == null ? null : a.kind().name(),
                a == null ? null : a.port(), a == null ? null : a.mxLookup(), s.encryption().id(),
                s.verifyCertificate(), s.authentication(), s.username(), s.secretSet(), s.provider(),
                s.updated().toString(), s.backup().map(RelayCodec::backup).orElse(null)));
    }

    private static StoredBackup backup(BackupSettings b) {
        RelayAddress a = b.address();
        return new StoredBackup(a.host(), a.kind().name(), a.port(), a.mxLookup(), b.ownLogin(),
                b.ownLogin() ? b.username() : null, b.secretSet());
    }

    private static Optional<BackupSettings> backup(StoredBackup b) {
        return b == null || b.host() == null ? Optional.empty() : Optional.of(new BackupSettings(
                new RelayAddress(b.host(), HostKind.valueOf(b.kind()), b.port(), b.mxLookup()), b.ownLogin(),
                b.username(), b.secretSet()));
    }

    /**
     * Settings read lately, by their stored text (immutable records): the server's settings are read with every
     * domain's, and a domain read often (its page, the API) is read again before it changes. Emptied when full.
     */
    private static final Map<String, RelaySettings> READ = new java.util.concurrent.ConcurrentHashMap<>();
    static final int READ_CACHED = 256;

    static RelaySettings read(String json) {
        RelaySettings cached = READ.get(json);
        if (cached != null) {
            return cached;
        }
        RelaySettings settings = parseSettings(json);
        if (READ.size() >= READ_CACHED) {
            READ.clear();
        }
        READ.put(json, settings);
        return settings;
    }

    /** As {@link #read}, without the settings read lately: for a walk over every domain, which keeps its own. */
    static RelaySettings readUncached(String json) {
        return parseSettings(json);
    }

    private static RelaySettings parseSettings(String json) {
        StoredRelay r = parse(json, StoredRelay.class);
        Optional<RelayAddress> address = r.host() == null ? Optional.empty()
                : Optional.of(new RelayAddress(r.host(), HostKind.valueOf(r.kind()), r.port(),
                        Boolean.TRUE.equals(r.mxLookup())));
        return new RelaySettings(r.enabled(), address, Encryption.fromId(r.encryption()).orElse(Encryption.STARTTLS),
                r.verifyCertificate(), r.authentication(), r.username(), r.secretSet(), r.provider(),
                r.updated() == null ? Instant.EPOCH : Instant.parse(r.updated()), backup(r.backup()));
    }

    static String write(CheckRecord c) {
        StoredCheckedRelay relay = c.relay().map(r -> new StoredCheckedRelay(r.relay(), r.encryption(),
                r.verifyCertificate(), r.authentication(), r.username())).orElse(null);
        List<StoredStep> steps = c.steps().stream().map(s -> new StoredStep(s.id(), s.status().id(),
                s.texts().stream().map(RelayCodec::text).toList(),
                s.replyCode().isPresent() ? s.replyCode().getAsInt() : null)).toList();
        return json(new StoredCheck(2, c.time().toString(), c.ok(), c.tookMs(), relay, steps,
                c.advice().map(RelayCodec::text).orElse(null), null));
    }

    static CheckRecord readCheck(String json) {
        StoredCheck c = parse(json, StoredCheck.class);
        Instant time = Instant.parse(c.time());
        if (c.v() == null || c.v() < 2) {
            return new CheckRecord(time, c.ok(), 0, Optional.empty(), List.of(), Optional.empty(), true);
        }
        Optional<CheckRecord.CheckedRelay> relay = Optional.ofNullable(c.relay()).map(r -> new CheckRecord.CheckedRelay(
                r.relay(), r.encryption(), r.verifyCertificate(), r.authentication(), r.username()));
        List<CheckRecord.StepResult> steps = new ArrayList<>();
        for (StoredStep s : c.steps() == null ? List.<StoredStep>of() : c.steps()) {
            steps.add(new CheckRecord.StepResult(s.id(), status(s.status()),
                    s.texts() == null ? List.of() : s.texts().stream().map(CheckText::fromJson).toList(),
                    s.reply() == null ? OptionalInt.empty() : OptionalInt.of(s.reply())));
        }
        return new CheckRecord(time, c.ok(), c.tookMs() == null ? 0 : c.tookMs(), relay, steps,
                Optional.ofNullable(c.advice()).map(CheckText::fromJson), false);
    }

    /** A text as plain maps and lists (values cut to {@link #MAX_VALUE}), so no Jackson module is needed. */
    private static Map<String, Object> text(CheckText t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", t.key());
        m.put("args", t.args().stream().map(a -> a instanceof CheckText nested ? text(nested)
                : cut((String) a)).toList());
        return m;
    }

    private static String cut(String value) {
        return value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) + "…" : value;
    }

    private static CheckStep.Status status(String id) {
        for (CheckStep.Status s : CheckStep.Status.values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        return CheckStep.Status.SKIPPED;
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
