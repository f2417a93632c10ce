package io.smarthost.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The Unicode keys of IDN senders: Postfix looks {@code anna@bücher.example} up as it is (SMTPUTF8), folded by ICU's
 * full case folding, so the maps need that key beside {@code anna@xn--bcher-kva.example}; only where the folding
 * leaves the name as it is (checked against postmap -s of Postfix 3.7 with ICU 72).
 */
class UnicodeKeysTest {

    @Test
    void anIdnDomainAndAddressGetTheirUnicodeKey() {
        assertEquals("@bücher.example", UnicodeKeys.ofDomain("xn--bcher-kva.example"));
        assertEquals("@bücher.example", UnicodeKeys.of("@xn--bcher-kva.example"));
        assertEquals("anna@bücher.example", UnicodeKeys.of("anna@xn--bcher-kva.example"));
        assertEquals("@mail.bücher.example", UnicodeKeys.ofDomain("mail.xn--bcher-kva.example"));
        // Turkish dotless i and Cyrillic: the folding keeps them
        assertEquals("ışık.example", UnicodeKeys.name(io.smarthost.core.relay.HostSyntax.dnsName("ışık.example")));
        assertEquals("пример.рф", UnicodeKeys.name(io.smarthost.core.relay.HostSyntax.dnsName("пример.рф")));
    }

    @Test
    void asciiNamesAndNamesPostfixFoldsOtherwiseGetNone() {
        assertNull(UnicodeKeys.ofDomain("example.com"));
        assertNull(UnicodeKeys.of("anna@example.com"));
        assertNull(UnicodeKeys.of("xn--anna@example.com"), "an xn-- local part is no IDN");
        assertNull(UnicodeKeys.ofDomain("xn--zz.example"), "no Punycode a registry hands out");
        // Postfix folds ß to ss: the key would be strasse.example's
        assertNull(UnicodeKeys.ofDomain("xn--strae-oqa.example"));
        // final sigma folds to σ
        assertNull(UnicodeKeys.ofDomain(io.smarthost.core.relay.HostSyntax.dnsName("ελλάς.example")));
    }

    @Test
    void theFoldingExceptionsAreThoseOfPostfix() {
        assertTrue(UnicodeKeys.foldStable("bücher"));
        assertTrue(UnicodeKeys.foldStable("ı"));
        for (String folded : new String[] {"ß", "ς", "ǰ", "ΐ", "ᾳ", "ﬁ", "\uAB70", "\u13F8", "\u1C80", "Ü", "A"}) {
            assertFalse(UnicodeKeys.foldStable(folded), folded);
        }
    }
}
