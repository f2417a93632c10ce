package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

/** RelayBody reads one JSON object strictly; each refusal is a 400 with a sentence, never a 500. */
class RelayBodyTest {

    private static String refusal(String body) {
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> RelayBody.parse(body, RelayBody.RELAY_FIELDS));
        assertEquals(400, e.getResponse().getStatus());
        return e.getResponse().getEntity().toString();
    }

    @Test
    void readsOneObject() {
        assertEquals("smtp.example.com", RelayBody.parse(" {\"host\":\"smtp.example.com\"} ", RelayBody.RELAY_FIELDS).text("host"));
    }

    @Test
    void refusesContentAfterTheObject() {
        String two = refusal("{\"host\":\"a.b\"} {\"host\":\"c.d\"}");
        assertEquals(true, two.startsWith("{errors=[Error[field=null, message=the body has content after the JSON object (line 1, "), two);
        String garbage = refusal("{\"host\":\"a.b\"}garbage");
        assertEquals(true, garbage.startsWith("{errors=[Error[field=null, message=the body is not valid JSON (line 1, "), garbage);
    }

    @Test
    void refusesDeepNestingWithoutANullPointerException() {
        String deep = "{\"host\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertEquals(true, refusal(deep).contains("the body is nested deeper than 64 levels"));
    }

    @Test
    void aLongStringIsNotCalledNesting() {
        String text = refusal("{\"host\":\"" + "a".repeat(20_000_001) + "\"}");
        assertEquals(true, text.contains("the body holds a value longer than the panel reads"), text);
    }

    @Test
    void namesTheFieldOfANonFiniteNumber() {
        for (String value : new String[] {"NaN", "Infinity", "-Infinity", "1e999"}) {
            String text = refusal("{\"port\":" + value + "}");
            assertEquals(true, text.contains("field=port, message=must be a finite number"), value + ": " + text);
        }
    }

    @Test
    void unknownFieldsAreStillNamed() {
        assertEquals(true, refusal("{\"hostname\":\"x\"}").contains("field=hostname"));
    }
}
