package io.smarthost.panel.host.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private final ObjectMapper json = StrictJson.mapper();

    private StrictJson.Problem problem(String text, Class<?> type) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> json.readValue(text, type));
        return StrictJson.problem(e).orElseThrow(() -> new AssertionError("no problem named for " + text, e));
    }

    @Test
    void readsOneValue() throws Exception {
        assertEquals(Map.of("a", 1), json.readValue(" {\"a\":1} \n", Map.class));
    }

    @Test
    void refusesContentAfterTheValue() {
        assertEquals(new StrictJson.Problem("body", "unexpected content after the JSON value (line 1, column 8)"),
                problem("{\"a\":1}{\"a\":2}", Map.class));
        assertEquals("body", problem("{\"a\":1}garbage", Map.class).field());
        assertEquals("body", problem("{\"a\":1}garbage", JsonNode.class).field());
    }

    @Test
    void refusesAFieldGivenTwice() {
        StrictJson.Problem twice = problem("{\"name\":\"a.example\",\"owner\":\"x\",\"name\":\"b.example\"}", Map.class);
        assertEquals("name", twice.field(), twice.toString());
        assertEquals(true, twice.message().startsWith("is given twice: each field once (line 1, column "), twice.toString());
        assertEquals("[1].name", problem("[{\"name\":\"a\"},{\"name\":\"b\",\"name\":\"c\"}]", JsonNode.class).field());
    }

    @Test
    void refusesNestingDeeperThanTheLimitBeforeReadingItAll() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals(new StrictJson.Problem("body", "nested deeper than 64 levels"), problem(deep, JsonNode.class));
        assertEquals(new StrictJson.Problem("body", "nested deeper than 64 levels"), problem("{\"a\":" + deep + "}", Map.class));
    }

    @Test
    void aStringPastJacksonsLengthLimitIsNotCalledNesting() {
        StrictJson.Problem p = problem("{\"note\":\"" + "a".repeat(20_000_001) + "\"}", Map.class);
        assertEquals("body", p.field(), "Jackson does not say where");
        assertEquals(true, p.message().startsWith("too long: a value exceeds what the panel reads (String value length"), p.message());
    }

    @Test
    void acceptsNestingUpToTheLimit() throws Exception {
        String deep = "[".repeat(StrictJson.MAX_DEPTH) + "]".repeat(StrictJson.MAX_DEPTH);
        int depth = 0;
        for (JsonNode node = json.readTree(deep); node != null; node = node.get(0)) {
            depth++;
        }
        assertEquals(StrictJson.MAX_DEPTH, depth);
    }

    @Test
    void refusesNonFiniteNumbersNamingTheField() {
        assertEquals(new StrictJson.Problem("relay.port", "must be a finite number (NaN and Infinity are not JSON numbers)"),
                problem("{\"relay\":{\"port\":NaN}}", Map.class));
        assertEquals("ports[1]", problem("{\"ports\":[25,Infinity]}", Map.class).field());
        assertEquals("port", problem("{\"port\":-Infinity}", JsonNode.class).field());
    }

    @Test
    void namesTheFieldOfOtherSyntaxErrors() {
        StrictJson.Problem p = problem("{\"domains\":[\"a\",tru]}", Map.class);
        assertEquals("domains[1]", p.field());
        assertEquals(List.of("malformed JSON"), List.of(p.message().replaceAll(" \\(line.*", "")));
    }
}
