package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The hand-written openapi.json describes exactly the routes the resource classes have. */
class OpenApiDocumentTest {

    private static JsonNode document() throws Exception {
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(ToolRest.OPENAPI_RESOURCE)) {
            assertNotNull(in, ToolRest.OPENAPI_RESOURCE + " on the class path");
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyRouteOfTheResourcesIsDescribed() throws Exception {
        JsonNode paths = document().get("paths");
        List<String> missing = new ArrayList<>();
        for (ApiRoutes.Route r : ApiRoutes.all()) {
            JsonNode path = paths.get("/" + r.path());
            if (path == null || path.get(r.method().toLowerCase(Locale.ROOT)) == null) {
                missing.add(r.toString());
            }
        }
        assertEquals(List.of(), missing, "routes missing from openapi.json");
    }

    @Test
    void describesNoRouteThatDoesNotExist() throws Exception {
        Set<String> real = new TreeSet<>();
        ApiRoutes.all().forEach(r -> real.add(r.method().toLowerCase(Locale.ROOT) + " /" + r.path()));
        Set<String> described = new TreeSet<>();
        JsonNode paths = document().get("paths");
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String p = it.next();
            paths.get(p).fieldNames().forEachRemaining(m -> described.add(m + " " + p));
        }
        assertEquals(real, described);
    }

    @Test
    void passwordIsWriteOnlyAndNoResponseSchemaHasOne() throws Exception {
        JsonNode schemas = document().get("components").get("schemas");
        assertTrue(schemas.get("RelayUpdate").get("properties").get("password").get("writeOnly").asBoolean());
        assertTrue(!schemas.get("Relay").get("properties").has("password"), "Relay (a response) has no password field");
    }
}
