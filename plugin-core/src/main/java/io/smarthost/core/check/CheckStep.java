package io.smarthost.core.check;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a connection check, as shown to the admin.
 *
 * <p>JSON form: {@code {"id":"banner","status":"failed","tookMs":10003,"title":"…","explanation":"…",
 * "code":"banner.timeout","details":{…}}}. Nothing in a step ever holds a secret: what the relay sent
 * back is masked before it reaches a step.
 *
 * @param id          stable step id: {@code resolve, connect, tls, certificate, banner, ehlo, starttls,
 *                    auth, probe, test_mail}
 * @param status      outcome
 * @param took        how long the step ran (zero when skipped)
 * @param title       short localised name of the step
 * @param explanation plain-language, localised account of what happened and what to do
 * @param details     facts (addresses, capabilities, certificate fields, reply codes), insertion-ordered
 * @param texts       the explanation as codes and values ({@link CheckText}), to render it again in
 *                    another language (since 1.1)
 * @since 1.0
 */
public record CheckStep(String id, Status status, @JsonIgnore Duration took, String title,
                        String explanation, Map<String, String> details, @JsonIgnore List<CheckText> texts) {

    /** How a step ended. JSON and CLI use the lower-case {@link #id()}. */
    public enum Status {
        OK("ok"), WARNING("warning"), FAILED("failed"), SKIPPED("skipped");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }
    }

    public CheckStep {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        took = took == null ? Duration.ZERO : took;
        title = title == null ? id : title;
        explanation = explanation == null ? "" : explanation;
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        texts = texts == null ? List.of() : List.copyOf(texts);
    }

    /** A step without codes (its explanation cannot be shown in another language). */
    public CheckStep(String id, Status status, Duration took, String title, String explanation,
                     Map<String, String> details) {
        this(id, status, took, title, explanation, details, List.of());
    }

    /** The code of the explanation's first sentence, e.g. {@code auth.failed}; null when there is none. */
    @JsonProperty("code")
    public String code() {
        return texts.isEmpty() ? null : texts.get(0).key();
    }

    /** Duration in milliseconds, the form JSON carries (no Java-time module needed on the host). */
    @JsonProperty("tookMs")
    public long tookMs() {
        return took.toMillis();
    }
}
