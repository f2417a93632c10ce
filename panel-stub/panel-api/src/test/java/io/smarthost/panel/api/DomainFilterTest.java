package io.smarthost.panel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.IDN;
import org.junit.jupiter.api.Test;

/** The one rule of "domain contains" filters, for the panel's lists and its plugins' alike. */
class DomainFilterTest {

    @Test
    void aFilterIsTakenAsTypedFoldedWhereNamesAreFolded() {
        assertEquals("", DomainFilter.of(null));
        assertEquals("", DomainFilter.of("  "));
        assertEquals("d0000_", DomainFilter.of(" D0000_ "), "nothing removed: a character no name has matches nothing");
        assertEquals("straße", DomainFilter.of("Straße"), "ß kept, as IDNA 2008 stores it (xn--strae-oqa)");
        assertEquals("straße", DomainFilter.of("STRAẞE"), "the capital sharp s");
        assertEquals("strasse", DomainFilter.of("ＳＴＲＡＳＳＥ"), "full-width letters");
        assertEquals("σασ", DomainFilter.of("ΣΑΣ"), "a final capital sigma is a small sigma, as UTS #46 maps it");
        assertEquals("ex.ample", DomainFilter.of("ex。ample"), "the ideographic full stop");
        assertEquals("büch", DomainFilter.of("BU\u0308CH"), "decomposed, upper case: looked for as shown");
        assertTrue(DomainFilter.byShownName(DomainFilter.of("büch")));
        assertFalse(DomainFilter.byShownName(DomainFilter.of("strasse")));
    }

    @Test
    void aNameMatchesAsStoredOrAsShown() {
        String buecher = IDN.toASCII("bücher.example");
        assertTrue(DomainFilter.matches(buecher, DomainFilter.of("büch")));
        assertTrue(DomainFilter.matches(buecher, DomainFilter.of("xn--bch")), "an ASCII filter reads the stored name");
        assertTrue(DomainFilter.matches("xn--strae-oqa.example", DomainFilter.of("straße")), "shown as straße.example");
        assertTrue(DomainFilter.matches("xn--strae-oqa.example", DomainFilter.of("Straße.Ex")));
        assertFalse(DomainFilter.matches("strasse.example", DomainFilter.of("straße")), "another domain (IDNA 2008)");
        assertTrue(DomainFilter.matches("strasse.example", DomainFilter.of("strasse")));
        assertTrue(DomainFilter.matches("any.example", DomainFilter.of("")));
        assertFalse(DomainFilter.matches("bucher.example", DomainFilter.of("büch")), "no Unicode form, no such letters");
        assertFalse(DomainFilter.matches("d00001.example", DomainFilter.of("d0000_")));
        assertEquals("bücher.example", DomainFilter.shown(buecher));
    }
}
