package io.smarthost.ui.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.core.service.Confirm;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.Secret;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request body read field by field, so that a wrong type or an unknown field is answered with a 400
 * naming it (Jackson's own binding would fail the whole body with a message for programmers).
 * The password is wrapped in {@link Secret} at once and never echoed.
 */
public final class RelayBody {
    /** The relay fields every update, check and preview accepts. */
    public static final Set<String> RELAY_FIELDS = Set.of("enabled", "host", "port", "encryption", "verifyCertificate",
            "authentication", "username", "password", "provider");
    /** The answer to a 409: {@code "confirmTakeover": true}. */
    public static final String CONFIRM_TAKEOVER = "confirmTakeover";
    /** The older answer to a 409, still accepted: {@code "confirm": "take-over"}. */
    public static final String TAKE_OVER = "take-over";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode node;
    private final List<FieldError> errors = new ArrayList<>();

    private RelayBody(ObjectNode node) {
        this.node = node;
    }

    /**
     * Reads {@code text} (blank: an empty object) and refuses fields outside {@code allowed}.
     *
     * @throws jakarta.ws.rs.WebApplicationException 400 when it is not a JSON object or has unknown fields
     */
    public static RelayBody parse(String text, Set<String> allowed) {
        ObjectNode node;
        if (text == null || text.isBlank()) {
            node = JSON.createObjectNode();
        } else {
            try {
                JsonNode read = JSON.readTree(text);
                if (!(read instanceof ObjectNode object)) {
                    throw ApiErrors.failure(400, null, "the body must be a JSON object, e.g. {\"host\":\"smtp.example.com\"}");
                }
                node = object;
            } catch (JsonProcessingException e) {
                throw ApiErrors.failure(400, null, "the body is not valid JSON (line " + e.getLocation().getLineNr()
                        + ", column " + e.getLocation().getColumnNr() + ")");
            }
        }
        List<FieldError> unknown = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                unknown.add(new FieldError(name, "unknown field; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed))));
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiErrors.badInput(unknown);
        }
        return new RelayBody(node);
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    /** Whether the body names a relay to use (a host), rather than "the stored settings". */
    public boolean hasRelay() {
        return has("host");
    }

    /** The relay settings in the body; fields left out are blank ({@code enabled} defaults to true). */
    public RelayInput relayInput() {
        RelayInput input = new RelayInput(bool("enabled").orElse(true), text("host"), text("port"), text("encryption"),
                bool("verifyCertificate").orElse(null), bool("authentication").orElse(false), text("username"),
                Optional.ofNullable(text("password")).filter(p -> !p.isEmpty()).map(Secret::of).orElse(null),
                text("provider"));
        requireValid();
        return input;
    }

    /**
     * {@code "confirmTakeover": true} (or the older {@code "confirm": "take-over"}) gives
     * {@link Confirm#TAKE_OVER_MANUAL}.
     */
    public Confirm confirm() {
        String value = text("confirm");
        boolean takeover = bool(CONFIRM_TAKEOVER).orElse(false);
        requireValid();
        if (takeover) {
            return Confirm.TAKE_OVER_MANUAL;
        }
        if (value == null || value.isBlank()) {
            return Confirm.NONE;
        }
        if (!value.equals(TAKE_OVER)) {
            throw ApiErrors.failure(400, "confirm", "must be \"" + TAKE_OVER + "\" (or left out)");
        }
        return Confirm.TAKE_OVER_MANUAL;
    }

    /** A text field (numbers are taken as their text, for {@code port}); null when absent. */
    public String text(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value.isTextual() || value.isIntegralNumber()) {
            return value.asText();
        }
        errors.add(new FieldError(field, field.equals("port") ? "must be a number 1-65535" : "must be text"));
        return null;
    }

    /** A list of texts (e.g. {@code domains}); empty when absent. */
    public List<String> texts(String field) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode value = node.get(field);
        List<String> out = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> {
                if (v.isTextual()) {
                    out.add(v.asText());
                }
            });
            if (out.size() == value.size()) {
                return out;
            }
        }
        errors.add(new FieldError(field, "must be a list of texts, e.g. [\"example.com\",\"example.net\"]"));
        return List.of();
    }

    private Optional<Boolean> bool(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (value.isBoolean()) {
            return Optional.of(value.asBoolean());
        }
        errors.add(new FieldError(field, "must be true or false"));
        return Optional.empty();
    }

    /** @throws jakarta.ws.rs.WebApplicationException 400 naming every field of the wrong type so far */
    public void requireValid() {
        if (!errors.isEmpty()) {
            throw ApiErrors.badInput(List.copyOf(errors));
        }
    }
}
