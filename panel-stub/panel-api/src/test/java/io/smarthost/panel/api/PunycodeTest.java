package io.smarthost.panel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.IDN;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 3492's Punycode, against known labels, the RFC's samples and java.net.IDN where IDNA 2003 agrees. */
class PunycodeTest {
    @Test
    void knownLabelsEncodeAndDecode() {
        String[][] known = {{"bücher", "bcher-kva"}, {"münchen", "mnchen-3ya"}, {"straße", "strae-oqa"}, {"💩", "ls8h"},
                {"3年b組金八先生", "3b-ww4c5e180e575a65lsy2b"}, {"ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"},
                {"他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"}};
        for (String[] k : known) {
            assertEquals(k[1], Punycode.encode(k[0]), k[0]);
            assertEquals(Optional.of(k[0]), Punycode.decode(k[1]), k[1]);
        }
    }

    @Test
    void agreesWithIdna2003WhereItMapsNothing() {
        Random random = new Random(42);
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ";
        for (int round = 0; round < 2000; round++) {
            StringBuilder s = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int i = 0; i < length; i++) {
                s.append(letters.charAt(random.nextInt(letters.length())));
            }
            String label = s.toString();
            assertEquals(Optional.of(label), Punycode.decode(Punycode.encode(label)), label);
            if (label.chars().anyMatch(c -> c >= 0x80)) {
                String ace = IDN.toASCII(label);
                assertEquals(ace, "xn--" + Punycode.encode(label), label);
                assertEquals(Optional.of(label), Punycode.uLabel(ace), label);
            }
        }
    }

    @Test
    void onlyLabelsARegistryCouldHandOutHaveAUnicodeForm() {
        assertEquals(Optional.of("straße"), Punycode.uLabel("xn--strae-oqa"), "IDNA 2008");
        assertEquals(Optional.of("bücher"), Punycode.uLabel("XN--BCHER-KVA"));
        for (String bad : new String[] {"xn--zz", "xn--", "xn--abc-", "xn---", "xn--a-ecp", "xn--9999999999999", "bcher-kva",
                "xn--bcher-kva-", "xn--" + "a".repeat(70)}) {
            assertEquals(Optional.empty(), Punycode.uLabel(bad), bad);
        }
        assertEquals(Optional.empty(), Punycode.uLabel("xn--" + Punycode.encode("Übung")), "an upper-case letter beyond ASCII");
        assertEquals(Optional.empty(), Punycode.uLabel("xn--" + Punycode.encode("u\u0308ber")), "not NFC");
        assertEquals(Optional.empty(), Punycode.uLabel("xn--" + Punycode.encode("a\u0000ü")), "a control character");
        assertEquals(Optional.empty(), Punycode.uLabel("xn--" + Punycode.encode("a üb")), "a blank");
        assertEquals(Optional.empty(), Punycode.uLabel("xn--ls8h"), "an emoji: a symbol IDNA 2008 disallows");
        assertEquals(Optional.empty(), Punycode.uLabel("xn--" + Punycode.encode("ü!")), "punctuation");
        assertEquals(Optional.of("l·l"), Punycode.uLabel("xn--" + Punycode.encode("l·l")), "the middle dot, allowed in context");
    }

    @Test
    void typedNamesAreStoredByIdna2008() {
        assertEquals(Optional.of("xn--strae-oqa.example"), Punycode.toAscii("Straße.Example"), "ß kept (IDNA 2003: strasse)");
        assertEquals(Optional.of("xn--strae-oqa.example"), Punycode.toAscii("STRAẞE.example"), "the capital sharp s");
        assertEquals(Optional.of("xn--bcher-kva.example"), Punycode.toAscii("BÜCHER.example"));
        assertEquals(Optional.of("xn--bcher-kva.example"), Punycode.toAscii("bu\u0308cher.example"), "decomposed");
        assertEquals(Optional.of("example.com"), Punycode.toAscii("ｅｘａｍｐｌｅ．ｃｏｍ"), "full-width letters and stop");
        assertEquals(Optional.of("xn--bcher-kva.example"), Punycode.toAscii("bücher。example"), "the ideographic full stop");
        assertEquals(Optional.of(IDN.toASCII("ασα.gr")), Punycode.toAscii("ΑΣΑ.gr"), "a capital sigma is σ wherever it stands");
        assertEquals(Optional.of(IDN.toASCII("σασ.gr")), Punycode.toAscii("ΣΑΣ.gr"), "a final capital sigma too");
        assertEquals(Optional.of("xn--" + Punycode.encode("ας") + ".gr"), Punycode.toAscii("ας.gr"), "a final sigma typed stays (no transitional mapping)");
        assertTrue(!Punycode.toAscii("ας.gr").equals(Optional.of(IDN.toASCII("ας.gr"))), "IDNA 2003 made it ασ");
        assertEquals(Optional.of("plain.example."), Punycode.toAscii("Plain.Example."), "ASCII: lower case, nothing checked");
        assertEquals(Optional.of("xn--strae-oqa.example"), Punycode.toAscii("xn--strae-oqa.example"));
        for (String bad : new String[] {"💩.example", "ü b.example", "ü!.example", "ü\u0000.example", "\uE000ü.example"}) {
            assertEquals(Optional.empty(), Punycode.toAscii(bad), bad);
        }
        // where IDNA 2003 maps nothing away, the same names as java.net.IDN
        for (String name : new String[] {"bücher.example", "münchen.de", "пример.рф", "例え.テスト", "ελληνικά.gr", "παράδειγμα.δοκιμή"}) {
            assertEquals(Optional.of(IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES)), Punycode.toAscii(name), name);
        }
    }

    @Test
    void namesAreShownLabelByLabel() {
        assertEquals("bücher.straße.de", Punycode.toUnicode("xn--bcher-kva.xn--strae-oqa.de"));
        assertEquals("xn--zz.example", Punycode.toUnicode("xn--zz.example"), "no IDN: as it is");
        assertEquals("plain.example", Punycode.toUnicode("plain.example"));
        assertEquals("192.0.2.1", Punycode.toUnicode("192.0.2.1"));
        assertEquals("mail.bücher.example", Punycode.toUnicode("mail.xn--bcher-kva.example"));
        assertTrue(Punycode.decode("-abc").isEmpty(), "a delimiter first is a digit, and no digit");
    }
}
