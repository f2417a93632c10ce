package io.smarthost.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ApplyWarningTest {

    @Test
    void toldInTheReadersLanguageWithItsValuesAsTheyAre() {
        ApplyWarning w = ApplyWarning.of(ApplyWarningTest.class, "i18n/apply", "apply.storedOnly", "no backend {1} 'x'");
        assertEquals("settings stored only: no backend {1} 'x'", w.text());
        assertEquals("réglages enregistrés seulement\u202f: no backend {1} 'x'", w.text(Locale.FRENCH));
        assertEquals("réglages enregistrés seulement\u202f: no backend {1} 'x'", w.text(Locale.CANADA_FRENCH));
        // a language without texts gets English, never the server's own language
        assertEquals(w.text(), w.text(Locale.GERMAN));
        assertEquals(w.text(), w.text(null));
        assertEquals(w.text(), w.toString());
    }

    @Test
    void valuesAreToldAsStringsAndTheReportKeepsEnglishTextsForScripts() {
        ApplyWarning w = ApplyWarning.of(ApplyWarningTest.class, "i18n/apply", "apply.storedOnly", 2525);
        assertEquals(List.of("2525"), w.args());
        ApplyReport report = new ApplyReport(false, List.of(), List.of(w), Duration.ZERO);
        assertEquals(List.of("settings stored only: 2525"), report.warningTexts());
    }

    @Test
    void anUnknownKeyIsShownAsTheKey() {
        assertEquals("apply.nothing", ApplyWarning.of(ApplyWarningTest.class, "i18n/apply", "apply.nothing").text());
    }
}
