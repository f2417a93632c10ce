package io.smarthost.panel.host.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;

/**
 * How the panel reads JSON it is sent (request bodies, catalogue indexes): one value and nothing after it
 * ({@code {...}garbage} and two objects in a row are refused), at most {@link #MAX_DEPTH} levels of nesting
 * (a 100,000-deep body is refused by the parser before it costs anything), numbers as JSON has them (NaN and
 * Infinity refused), each field of an object once (a second one silently won). {@link #problem} turns a refusal into a field and a sentence.
 */
public final class StrictJson {

    /** Deepest nesting of arrays and objects accepted; the panel's own bodies are two or three levels deep. */
    public static final int MAX_DEPTH = 64;

    private StrictJson() {
    }

    /** A mapper with these rules; modules and other features are the caller's. */
    public static JsonMapper.Builder builder() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        return JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static ObjectMapper mapper() {
        return builder().build();
    }

    /** What is wrong with a document, for a person: the field at fault (its JSON path, or {@code body}) and why. */
    public record Problem(String field, String message) {
    }

    /**
     * The field and sentence for a failure of the parser itself (not of binding): where the parser was,
     * and what stopped it. Empty for binding failures, whose path the caller reads from the exception.
     */
    public static Optional<Problem> problem(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            // Jackson's other constraints (a string of more than 20 million characters, a number of more than 1000
            // digits) land here too: only the depth is the nesting
            return Optional.of(String.valueOf(e.getOriginalMessage()).contains("nesting depth")
                    ? new Problem("body", "nested deeper than " + MAX_DEPTH + " levels")
                    : new Problem(e.getProcessor() instanceof JsonParser parser ? path(parser.getParsingContext()) : "body",
                            "too long: a value exceeds what the panel reads (" + String.valueOf(e.getOriginalMessage())
                                    .replaceAll(", from `.*", "").replaceAll("[^A-Za-z0-9 ()]", "") + ")"));
        }
        if (e instanceof MismatchedInputException && String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return Optional.of(new Problem("body", "unexpected content after the JSON value" + at(e)));
        }
        if (e instanceof JsonParseException parse) {
            JsonParser parser = parse.getProcessor();
            String field = parser == null ? "body" : path(parser.getParsingContext());
            String original = String.valueOf(parse.getOriginalMessage());
            if (original.contains("'NaN'") || original.contains("Infinity'")) {
                return Optional.of(new Problem(field, "must be a finite number (NaN and Infinity are not JSON numbers)"));
            }
            if (original.startsWith("Duplicate field")) {
                return Optional.of(new Problem(field, "is given twice: each field once" + at(e)));
            }
            return Optional.of(new Problem(field, "malformed JSON" + at(e)));
        }
        return Optional.empty();
    }

    /** " (line L, column C)" when the parser knows where; nothing otherwise (a constraint failure may not). */
    public static String at(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    /** {@code relay.port}, {@code domains[2]}; {@code body} at the top. */
    static String path(JsonStreamContext context) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.addFirst(c.getCurrentName());
            } else if (c.inArray()) {
                parts.addFirst("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            }
        }
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (path.length() > 0 && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        return path.length() == 0 ? "body" : path.toString();
    }
}
