package io.smarthost.panel.host.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's error body, the convention plugins follow too:
 * {@code {"errors":[{"field":"host","message":"..."}]}} ({@code field} null when no field is at fault).
 */
public final class JsonErrors {

    private JsonErrors() {
    }

    /** One error as a map (Jackson writes nulls as null). */
    public static Map<String, Object> error(String field, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("field", field);
        e.put("message", message);
        return e;
    }

    public static Response response(int status, String field, String message) {
        return response(status, List.of(error(field, message)));
    }

    public static Response response(int status, List<Map<String, Object>> errors) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("errors", new ArrayList<>(errors))).build();
    }
}
