package io.smarthost.panel.host.domains;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reviewer's cases: the panel's Unicode filter against a brute force over names as shown (ligatures, title case,
 * final sigma, dotted i, CJK, names whose punycode does not decode), with the stream stopped at every match, and the
 * names the panel stores though the plugin's name checks refuse them.
 */
class DomainNameIndexShownTest {
    @TempDir
    Path home;

    /**
     * The panel stored names the plugin's checks refuse (an all-digit last label, an xn-- label that is no IDN), so
     * that such a domain could get no relay and made a bulk change of every domain fail (hostile tester, session 21):
     * they are refused when created; a typed ß is kept (IDNA 2008: the name the pages show can be typed back).
     */
    @Test
    void thePanelRefusesNamesThePluginRefuses() {
        for (String bad : List.of("example.123", "1.2.3.4", "xn--zz.example", "xn--ls8h.example", "💩.example")) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> DomainNames.normalise("name", bad), bad);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("name: '" + bad + "' is not a valid domain name ("),
                    e.getMessage());
        }
        assertEquals("xn--bx-0cb.example", DomainNames.normalise("name", "xn--bx-0cb.example"));
        assertEquals("xn--strae-oqa.example", DomainNames.normalise("name", "Straße.Example."));
        assertEquals("xn--strae-oqa.example", DomainNames.lookupForm("STRAẞE.example"));
        assertEquals("example.com", DomainNames.normalise("name", "ｅｘａｍｐｌｅ。ｃｏｍ"));
    }

    @Test
    void shownMatchesAgreeWithBruteForce() {
        try (TestPanel panel = TestPanel.builder(home).withoutWeb().start()) {
            DomainManager manager = panel.panel().domainManager();
            TreeSet<String> all = new TreeSet<>();
            for (String u : List.of("aü.example", "üüü.example", "zzü.example", "ü.ü", "ﬁü.example", "ǅü.example",
                    "straße.example", "日本語.example", "日本.jp", "bücher.example", "büch.büch", "xn--zz.example",
                    "xn--bx-0cb.example", "a.example", "zzzz.example", "ΣΑΣ.example", "i̇ü.example")) {
                String a;
                try {
                    a = DomainNames.normalise("name", u);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (all.add(a)) {
                    manager.create(a, "admin");
                }
            }
            DomainStore store = panel.panel().domains();
            for (String f : List.of("ü", "üü", "ü.", ".ü", "日本", "σας", "büch", "ȸ", "i̇", "fiü", "ǆ", "straße", "ＳＴＲＡ")) {
                List<String> expected = new ArrayList<>();
                String folded = io.smarthost.panel.api.DomainFilter.of(f);
                boolean ascii = folded.chars().allMatch(c -> c < 0x80);
                for (String a : all) {
                    String shown = ascii ? a : io.smarthost.panel.api.Punycode.toUnicode(a).toLowerCase(Locale.ROOT);
                    if (shown.contains(folded)) {
                        expected.add(a);
                    }
                }
                List<String> got = new ArrayList<>();
                store.names(f, got::add);
                assertEquals(expected, got, f + " in " + all);
                for (int stop = 1; stop <= expected.size(); stop++) {
                    List<String> some = new ArrayList<>();
                    int s = stop;
                    store.names(f, n -> some.add(n) && some.size() < s);
                    assertEquals(expected.subList(0, stop), some, "stop " + stop);
                }
            }
        }
    }
}
