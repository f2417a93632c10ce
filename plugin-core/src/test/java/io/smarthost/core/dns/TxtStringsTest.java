package io.smarthost.core.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TxtStringsTest {

    @Test
    void joinsQuotedStringsAndReadsEscapes() {
        assertEquals("v=spf1 include:x \"q\" ~all", TxtStrings.text(" \"v=spf1 \" \"include:x \\\"q\\\" ~all\" "));
    }

    @Test
    void takesUnquotedTextAsItIs() {
        assertEquals("v=spf1 -all", TxtStrings.text("  v=spf1 -all "));
    }

    @Test
    void dropsStringsAfterAZoneFileCommentOnlyWhenAsked() {
        assertEquals("ab", TxtStrings.text("\"a\" ; \"b\""));
        assertEquals("a", TxtStrings.textBeforeComment("\"a\" ; \"b\""));
    }

    @Test
    void cutsLongTextIntoStringsOf255() {
        String text = "x".repeat(300);
        assertEquals("\"" + "x".repeat(255) + "\" \"" + "x".repeat(45) + "\"", TxtStrings.quoted(text));
        assertEquals("\"\"", TxtStrings.quoted(""));
    }

    @Test
    void writesInTheFormOfTheValueItReplaces() {
        assertEquals("v=spf1 -all", TxtStrings.inFormOf("v=spf1 ~all", "v=spf1 -all"));
        assertEquals("\"v=spf1 -all\"", TxtStrings.inFormOf("\"v=spf1 ~all\"", "v=spf1 -all"));
    }
}
