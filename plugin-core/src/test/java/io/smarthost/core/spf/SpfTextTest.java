package io.smarthost.core.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SpfTextTest {

    private static final SpfText EN = SpfText.english();
    private static final SpfText FR = SpfText.forLocale(Locale.FRENCH);

    private static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (SpfProblem.Code c : SpfProblem.Code.values()) {
            keys.add("spf.problem." + c.name());
        }
        for (SpfState s : SpfState.values()) {
            keys.add("spf.state." + s.name());
        }
        for (SpfAction a : SpfAction.values()) {
            keys.add("spf.action." + a.name());
        }
        for (ApplyOutcome.Result r : ApplyOutcome.Result.values()) {
            keys.add("spf.result." + r.name());
        }
        return keys;
    }

    @Test
    void everyCodeHasAnEnglishAndAFrenchTextWithTheSamePlaceholders() {
        for (String key : keys()) {
            String en = EN.get(key);
            String fr = FR.get(key);
            assertNotEquals(key, en, "English text missing for " + key);
            assertNotEquals(key, fr, "French text missing for " + key);
            assertEquals(placeholders(en), placeholders(fr), key);
        }
    }

    @Test
    void fillsArgumentsLiterally() {
        SpfProblem p = SpfProblem.of(SpfProblem.Code.OVER_LOOKUP_LIMIT, 12, 10);

        assertEquals("L’enregistrement nécessite 12 requêtes DNS ; SPF en autorise 10. Les destinataires le rejetteront"
                + " (permerror). Retirez les include ou mécanismes inutilisés (a, mx, ptr, include).", FR.problem(p));
        assertEquals(EN.problem(p), p.toString());
    }

    @Test
    void unknownLanguageGetsEnglish() {
        assertEquals(EN.state(SpfState.NO_SPF), SpfText.forLocale(Locale.JAPANESE).state(SpfState.NO_SPF));
    }

    private static List<String> placeholders(String text) {
        Matcher m = Pattern.compile("\\{\\d}").matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group());
        }
        found.sort(null);
        return found;
    }
}
