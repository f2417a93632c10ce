package io.smarthost.ui.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smarthost.core.service.Confirm;
import io.smarthost.core.validation.FieldError;
import io.smarthost.core.validation.RelayInput;
import io.smarthost.panel.api.Secret;
import io.smarthost.ui.input.FieldRules;
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
            "authentication", "username", "password", "provider",
            "backupHost", "backupPort", "backupLogin", "backupUsername", "backupPassword");
    /** The answer to a 409: {@code "confirmTakeover": true}. */
    public static final String CONFIRM_TAKEOVER = "confirmTakeover";
    /** The older answer to a 409, still accepted: {@code "confirm": "take-over"}. */
    public static final String TAKE_OVER = "take-over";
    /** Deepest nesting read (the relay bodies are flat); the host reads its own bodies with the same rules. */
    static final int MAX_DEPTH = 64;
    private static final String NOT_FINITE = "must be a finite number (NaN and Infinity are not JSON numbers)";
    /**
     * One JSON object and nothing after it, at most {@link #MAX_DEPTH} levels, numbers as JSON has them, each field
     * once (a second {@code "domains"} silently won: a proxy's log showed one list and another was changed).
     */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // 25.0000000000000001 is no whole number: read exactly, not rounded to a double's 25.0
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    /** Past this a number written with a fraction or an exponent is not made whole (1e999999 would be a million digits). */
    private static final java.math.BigDecimal LARGEST_WHOLE = java.math.BigDecimal.valueOf(Long.MAX_VALUE);

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
            } catch (StreamConstraintsException e) {
                // Jackson's other constraints (a string past 20 million characters...) arrive here too
                throw String.valueOf(e.getOriginalMessage()).contains("nesting depth")
                        ? ApiErrors.failure(400, null, "the body is nested deeper than " + MAX_DEPTH + " levels")
                        : ApiErrors.failure(400, null, "the body holds a value longer than the panel reads");
            } catch (JsonProcessingException e) {
                throw notJson(e);
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
        List<FieldError> nonFinite = new ArrayList<>();
        node.fields().forEachRemaining(f -> nonFinite(f.getKey(), f.getValue(), nonFinite));
        if (!nonFinite.isEmpty()) {
            throw ApiErrors.badInput(nonFinite);
        }
        return new RelayBody(node);
    }

    /**
     * A body that is not one JSON value: where the parser stopped, and the field it was in when it knows
     * ({@code "port": NaN} names {@code port}). A constraint failure may come without a location.
     */
    private static jakarta.ws.rs.WebApplicationException notJson(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
        if (e instanceof MismatchedInputException && String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return ApiErrors.failure(400, null, "the body has content after the JSON object" + where);
        }
        String field = e instanceof JsonParseException parse && parse.getProcessor() != null
                && parse.getProcessor().getParsingContext() != null && !parse.getProcessor().getParsingContext().inRoot()
                ? parse.getProcessor().getParsingContext().getCurrentName() : null;
        String original = String.valueOf(e.getOriginalMessage());
        if (field != null && (original.contains("'NaN'") || original.contains("Infinity'"))) {
            return ApiErrors.failure(400, field, NOT_FINITE);
        }
        if (original.startsWith("Duplicate field")) {
            return ApiErrors.failure(400, field, "is given twice: each field once" + where);
        }
        return field != null ? ApiErrors.failure(400, field, "is not valid JSON" + where)
                : ApiErrors.failure(400, null, "the body is not valid JSON" + where);
    }

    /** A number too large for a double ({@code 1e999}) reads as infinite: refused like NaN, naming its field. */
    private static void nonFinite(String path, JsonNode value, List<FieldError> errors) {
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            errors.add(new FieldError(path, NOT_FINITE));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (item.isContainerNode() || item.isFloatingPointNumber()) { // a path for these only (100,000 names)
                    nonFinite(path + "[" + i + "]", item, errors);
                }
            }
        } else if (value.isObject()) {
            value.fields().forEachRemaining(f -> nonFinite(path + "." + f.getKey(), f.getValue(), errors));
        }
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    /** Whether the body names a relay to use (a host), rather than "the stored settings". */
    public boolean hasRelay() {
        return has("host");
    }

    /**
     * The relay settings in the body; fields left out are blank ({@code enabled} defaults to true). A username or
     * password without {@code authentication} means the login is used; with {@code "authentication": false} they
     * are a contradiction (400): they were dropped without a word, and mail then met a relay that wants a login.
     */
    public RelayInput relayInput() {
        String username = text("username");
        String password = text("password");
        boolean login = (username != null && !username.isBlank()) || (password != null && !password.isEmpty());
        Optional<Boolean> authentication = bool("authentication");
        if (authentication.filter(on -> !on).isPresent() && login) {
            errors.add(new FieldError(password != null && !password.isEmpty() ? "password" : "username",
                    "\"authentication\" is false, so no login is used: leave the username and password out, or set"
                            + " \"authentication\": true"));
        }
        RelayInput input = new RelayInput(bool("enabled").orElse(true), text("host"), text("port"), text("encryption"),
                bool("verifyCertificate").orElse(null), authentication.orElse(login), username,
                Optional.ofNullable(password).filter(p -> !p.isEmpty()).map(Secret::of).orElse(null),
                text("provider"), backupInput());
        requireValid();
        return input;
    }

    /** The backup relay fields ({@code backupHost}...); null when the body names none (no backup). @since 1.3 */
    private io.smarthost.core.validation.BackupInput backupInput() {
        if (!has("backupHost") && !has("backupPort") && !has("backupLogin") && !has("backupUsername")
                && !has("backupPassword")) {
            return null;
        }
        return new io.smarthost.core.validation.BackupInput(text("backupHost"), text("backupPort"), text("backupLogin"),
                text("backupUsername"), Optional.ofNullable(text("backupPassword")).filter(p -> !p.isEmpty())
                        .map(Secret::of).orElse(null));
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

    /** A text field as sent (numbers are taken as their text for {@code port} only); null when absent. */
    public String text(String field) {
        return FieldRules.text(field, raw(field), field.equals("port") || field.equals("backupPort"), this::refuse);
    }

    /** A list of texts (e.g. {@code domains}); empty when absent. */
    public List<String> texts(String field) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode value = node.get(field);
        if (!value.isArray()) {
            errors.add(new FieldError(field, "must be a list of texts, e.g. [\"example.com\",\"example.net\"]"));
            return List.of();
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode v = value.get(i);
            if (!v.isTextual()) {
                // the item named: a null or a number among 100,000 names is found by its place
                errors.add(new FieldError(field + "[" + i + "]", "must be a text such as \"example.com\", not "
                        + (v.isNull() ? "null" : v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT))));
                return List.of();
            }
            out.add(v.asText());
        }
        return out;
    }

    /** A field's JSON value as sent (for structured fields such as a list of records); empty when absent or null. */
    public Optional<JsonNode> json(String field) {
        return has(field) ? Optional.of(node.get(field)) : Optional.empty();
    }

    /** A true/false field (JSON boolean, or the texts the forms accept); empty when absent; 400 when neither. */
    public Optional<Boolean> flag(String field) {
        Optional<Boolean> value = bool(field);
        requireValid();
        return value;
    }

    private Optional<Boolean> bool(String field) {
        return FieldRules.bool(field, raw(field), this::refuse);
    }

    /**
     * The value for {@link FieldRules}: a boolean, a string, an integer, else the node itself (refused there). JSON has
     * one number type, so a whole number written with a fraction or an exponent ({@code 25.0}, {@code 2.5e1}) is that
     * integer, as {@code 25} is; {@code 25.5} stays a fraction (refused where a whole number is wanted).
     */
    private Object raw(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue();
        }
        if (value.isNumber()) {
            java.math.BigDecimal number = value.decimalValue();
            if (number.abs().compareTo(LARGEST_WHOLE) <= 0 && (number.signum() == 0 || number.stripTrailingZeros().scale() <= 0)) {
                return number.toBigIntegerExact();
            }
        }
        return value;
    }

    private void refuse(String field, FieldRules.Problem problem) {
        errors.add(new FieldError(field, problem.english));
    }

    /** @throws jakarta.ws.rs.WebApplicationException 400 naming every field of the wrong type so far */
    public void requireValid() {
        if (!errors.isEmpty()) {
            throw ApiErrors.badInput(List.copyOf(errors));
        }
    }
}
