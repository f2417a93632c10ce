package io.smarthost.ui.i18n;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every text the pages, the CLI and the checks show exists in English and in French, and the French reads
 * as French: a key missing in either bundle fails, so does a straight apostrophe (one style: ’) or a
 * high punctuation mark (: ; ? !) without the narrow no-break space French puts before it.
 */
class BundlesTest {
    private static final Pattern TIGHT = Pattern.compile("[^\\s\\u202f\\u00a0]([:;?!])(?=\\s|$)");
    private static final Pattern LOOSE = Pattern.compile("[ \\u00a0]([:;?!])(?=\\s|$)");

    @ParameterizedTest
    @ValueSource(strings = {"i18n/messages", "panel-i18n/messages", "i18n/check", "i18n/spf", "i18n/authrec", "ValidationMessages",
        "i18n/apply", "i18n/postfix-apply", "i18n/windows-apply"})
    void everyKeyIsInBothLanguagesAndTheFrenchFollowsFrenchTypography(String bundle) throws IOException {
        Properties en = load(bundle + ".properties");
        Properties fr = load(bundle + "_fr.properties");
        Set<String> onlyEn = new TreeSet<>(en.stringPropertyNames());
        onlyEn.removeAll(fr.stringPropertyNames());
        Set<String> onlyFr = new TreeSet<>(fr.stringPropertyNames());
        onlyFr.removeAll(en.stringPropertyNames());
        // a relay service's name and user-name hint: the English text is the provider catalogue's own (CatalogTexts)
        onlyFr.removeIf(key -> key.matches("smarthost\\.provider\\.[a-z0-9-]+\\.(name|hint)"));
        assertEquals(Set.of(), onlyEn, bundle + ": keys with no French text");
        assertEquals(Set.of(), onlyFr, bundle + ": keys with no English text");
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(fr.stringPropertyNames())) {
            String text = fr.getProperty(key);
            if (text.indexOf('\'') >= 0) {
                problems.add(key + ": straight apostrophe (French uses ’): " + text);
            }
            for (Pattern p : List.of(TIGHT, LOOSE)) {
                Matcher m = p.matcher(text);
                if (m.find()) {
                    problems.add(key + ": no narrow no-break space (U+202F) before '" + m.group(1) + "': " + text);
                }
            }
        }
        assertTrue(problems.isEmpty(), bundle + "_fr:\n" + String.join("\n", problems));
    }

    private static Properties load(String resource) throws IOException {
        try (InputStream in = BundlesTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertTrue(in != null, resource + " on the class path");
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            assertTrue(!p.isEmpty(), resource + " has texts");
            return p;
        }
    }
}
