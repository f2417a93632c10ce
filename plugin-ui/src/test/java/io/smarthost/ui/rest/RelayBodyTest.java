package io.smarthost.ui.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Set;
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
    void refusesAFieldGivenTwiceNamingIt() {
        String domains = refusal("{\"domains\":[\"d1.bulk.example\"],\"domains\":[\"d2.bulk.example\"]}");
        assertEquals(true, domains.startsWith("{errors=[Error[field=domains, message=is given twice: each field once (line 1, "), domains);
        String port = refusal("{\"host\":\"a.b\",\"port\":587,\"port\":99999}");
        assertEquals(true, port.contains("field=port, message=is given twice"), port);
    }

    @Test
    void aListItemThatIsNoTextIsNamedByItsPlace() {
        RelayBody nullItem = RelayBody.parse("{\"domains\":[\"a.example\",null]}", Set.of("domains"));
        assertEquals(List.of(), nullItem.texts("domains"));
        String text = assertThrows(jakarta.ws.rs.WebApplicationException.class, nullItem::requireValid).getResponse()
                .getEntity().toString();
        assertEquals(true, text.contains("field=domains[1], message=must be a text such as \"example.com\", not null"), text);
        RelayBody notAList = RelayBody.parse("{\"domains\":\"a.example\"}", Set.of("domains"));
        notAList.texts("domains");
        text = assertThrows(jakarta.ws.rs.WebApplicationException.class, notAList::requireValid).getResponse().getEntity().toString();
        assertEquals(true, text.contains("field=domains, message=must be a list of texts"), text);
        assertEquals(List.of("a.example", "b.example"),
                RelayBody.parse("{\"domains\":[\"a.example\",\"b.example\"]}", Set.of("domains")).texts("domains"));
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

    /**
     * A login without {@code authentication} is used (it was dropped without a word, and the relay then refused
     * the mail); with {@code "authentication": false} it is a contradiction, named.
     */
    @Test
    void aLoginWithoutAuthenticationIsUsedAndAgainstFalseIsRefused() {
        var given = RelayBody.parse("{\"host\":\"smtp.example.com\",\"username\":\"u\",\"password\":\"p\"}",
                RelayBody.RELAY_FIELDS).relayInput();
        assertEquals(true, given.authentication());
        assertEquals("u", given.username());
        assertEquals(true, RelayBody.parse("{\"host\":\"smtp.example.com\",\"password\":\"p\"}", RelayBody.RELAY_FIELDS)
                .relayInput().authentication(), "a password alone (the stored username kept)");
        assertEquals(false, RelayBody.parse("{\"host\":\"smtp.example.com\",\"username\":\" \",\"password\":\"\"}",
                RelayBody.RELAY_FIELDS).relayInput().authentication(), "blank: no login");
        assertEquals(false, RelayBody.parse("{\"host\":\"smtp.example.com\",\"authentication\":false,\"username\":\"\"}",
                RelayBody.RELAY_FIELDS).relayInput().authentication(), "a settings view sent back as it is");

        WebApplicationException e = assertThrows(WebApplicationException.class, () -> RelayBody.parse(
                "{\"host\":\"smtp.example.com\",\"authentication\":false,\"username\":\"u\",\"password\":\"secret-pw\"}",
                RelayBody.RELAY_FIELDS).relayInput());
        assertEquals(400, e.getResponse().getStatus());
        String text = e.getResponse().getEntity().toString();
        assertEquals(true, text.contains("field=password") && text.contains("\"authentication\" is false"), text);
        assertEquals(false, text.contains("secret-pw"), "never echoed");
        e = assertThrows(WebApplicationException.class, () -> RelayBody.parse(
                "{\"host\":\"smtp.example.com\",\"authentication\":false,\"username\":\"u\"}",
                RelayBody.RELAY_FIELDS).relayInput());
        assertEquals(true, e.getResponse().getEntity().toString().contains("field=username"));
    }

    @Test
    void unknownFieldsAreStillNamed() {
        assertEquals(true, refusal("{\"hostname\":\"x\"}").contains("field=hostname"));
    }

    /**
     * JSON has one number type: 25 and 25.0 (2.5e1, 2500e-2) are the port 25 (25.0 was refused "must be a number",
     * a hostile tester); a fraction, a boolean, a list or an object is refused naming the field and what it takes.
     */
    @Test
    void aWholeNumberIsThePortHoweverJsonWritesIt() {
        for (String value : new String[] {"25", "25.0", "2.5e1", "2500e-2", "25.000", "\"25\""}) {
            RelayBody body = RelayBody.parse("{\"port\":" + value + ",\"backupPort\":" + value + "}", RelayBody.RELAY_FIELDS);
            assertEquals("25", body.text("port"), value);
            assertEquals("25", body.text("backupPort"), value);
            body.requireValid();
        }
        assertEquals("0", RelayBody.parse("{\"port\":-0.0}", RelayBody.RELAY_FIELDS).text("port"), "the range is the validator's");
        for (String value : new String[] {"25.5", "25.0000000000000001", "true", "[25]", "{\"n\":25}", "1e300", "-2.5"}) {
            for (String field : new String[] {"port", "backupPort"}) {
                RelayBody body = RelayBody.parse("{\"" + field + "\":" + value + "}", RelayBody.RELAY_FIELDS);
                body.text(field);
                String text = assertThrows(WebApplicationException.class, body::requireValid).getResponse().getEntity().toString();
                assertEquals(true, text.contains("field=" + field + ", message=must be a whole number from 1 to 65535, e.g. 587"),
                        value + ": " + text);
            }
        }
    }
}
