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
        assertEquals("strasse", DomainFilter.of("Straße"), "IDNA 2003 folds ß as names are stored");
        assertEquals("strasse", DomainFilter.of("ＳＴＲＡＳＳＥ"), "full-width letters");
        assertEquals("büch", DomainFilter.of("BU\u0308CH"), "decomposed, upper case: looked for as shown");
        assertTrue(DomainFilter.byShownName(DomainFilter.of("büch")));
        assertFalse(DomainFilter.byShownName(DomainFilter.of("strasse")));
    }

    @Test
    void aNameMatchesAsStoredOrAsShown() {
        String buecher = IDN.toASCII("bücher.example");
        assertTrue(DomainFilter.matches(buecher, DomainFilter.of("büch")));
        assertTrue(DomainFilter.matches(buecher, DomainFilter.of("xn--bch")), "an ASCII filter reads the stored name");
        assertTrue(DomainFilter.matches("strasse.example", DomainFilter.of("straße")));
        assertTrue(DomainFilter.matches("any.example", DomainFilter.of("")));
        assertFalse(DomainFilter.matches("bucher.example", DomainFilter.of("büch")), "no Unicode form, no such letters");
        assertFalse(DomainFilter.matches("d00001.example", DomainFilter.of("d0000_")));
        assertEquals("bücher.example", DomainFilter.shown(buecher));
    }
}
