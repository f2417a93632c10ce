package io.smarthost.ui.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.smarthost.core.authrec.AuthRecordPaste;
import io.smarthost.core.authrec.AuthRecordProblem;
import io.smarthost.core.authrec.AuthRecordRules;
import io.smarthost.core.authrec.AuthRecordText;
import io.smarthost.core.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The API's reading of domain-authentication records: the PUT body's shapes, and problems as field errors. */
final class AuthRecordSupport {

    private AuthRecordSupport() {
    }

    /**
     * The records of a PUT body: {@code "records": [{"name","type","value"}]} or {@code "paste": "..."}.
     *
     * @throws jakarta.ws.rs.WebApplicationException 400 naming the field when the shape is wrong
     */
    static Input input(RelayBody body) {
        Optional<JsonNode> records = body.json("records");
        Optional<JsonNode> paste = body.json("paste");
        Optional<String> provider = Optional.ofNullable(body.text("provider")).filter(p -> !p.isBlank());
        body.requireValid();
        if (records.isPresent() == paste.isPresent()) {
            throw ApiErrors.failure(400, "records", "give either \"records\": [{\"name\", \"type\", \"value\"}, ...]"
                    + " or \"paste\": \"the lines copied from the relay service's dashboard\"; [] removes them all");
        }
        if (paste.isPresent()) {
            if (!paste.get().isTextual()) {
                throw ApiErrors.failure(400, "paste", "must be a text: the lines copied from the relay service's dashboard");
            }
            return new Input(provider, AuthRecordPaste.parse(paste.get().textValue()), true);
        }
        if (!records.get().isArray()) {
            throw ApiErrors.failure(400, "records", "must be a list of {\"name\", \"type\", \"value\"}");
        }
        List<AuthRecordRules.Candidate> out = new ArrayList<>();
        List<FieldError> shape = new ArrayList<>();
        int i = 0;
        for (JsonNode r : records.get()) {
            String at = "records[" + i + "]";
            if (!r.isObject()) {
                shape.add(new FieldError(at, "must be an object {\"name\", \"type\", \"value\"}"));
            } else {
                r.fieldNames().forEachRemaining(f -> {
                    if (!List.of("name", "type", "value").contains(f)) {
                        shape.add(new FieldError(at + "." + f, "unknown field; allowed: name, type, value"));
                    }
                });
                for (String f : List.of("name", "type", "value")) {
                    if (r.has(f) && !r.get(f).isTextual() && !r.get(f).isNull()) {
                        shape.add(new FieldError(at + "." + f, "must be a text"));
                    }
                }
                out.add(new AuthRecordRules.Candidate(i, r.path("name").asText(""), r.path("type").asText(""),
                        r.path("value").asText("")));
            }
            i++;
        }
        if (!shape.isEmpty()) {
            throw ApiErrors.badInput(shape);
        }
        return new Input(provider, new AuthRecordPaste.Parsed(out, List.of()), false);
    }

    /** A PUT body read: the provider named (if any), the candidates, and whether they came from a paste (positions are lines). */
    record Input(Optional<String> provider, AuthRecordPaste.Parsed parsed, boolean pasted) {
    }

    /** The problems as API errors: {@code records[N].field} for a list, {@code paste} ("Line N: ...") for a paste. */
    static List<FieldError> errors(List<AuthRecordProblem> problems, boolean pasted, Locale locale) {
        AuthRecordText t = AuthRecordText.forLocale(locale);
        return problems.stream().map(p -> pasted ? new FieldError("paste", t.onLine(p))
                : new FieldError(p.position() < 0 ? "records" : "records[" + p.position() + "]"
                        + (p.field().isEmpty() ? "" : "." + p.field()), t.problem(p))).toList();
    }

}
