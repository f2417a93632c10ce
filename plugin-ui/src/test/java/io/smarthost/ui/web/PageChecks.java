package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What every page must pass in a real browser, whoever looks at it and on whatever screen: no page wider
 * than the window, no serious or critical accessibility violation (axe-core, the script of the
 * {@code com.deque.html.axe-core:selenium} jar run through Selenium's own script call), and French pages
 * in French with French typography. Failures are collected so one run names all of them.
 */
final class PageChecks {
    /** Phone, large phone, tablet, desktop: the widths the issue names. */
    static final int[] WIDTHS = {360, 400, 768, 1280};

    /** English words that must not be shown on a French page (raw keys and values included). */
    private static final List<String> ENGLISH = List.of("heloName", "notAfter", "notBefore", "trustedBySystem", "STARTED",
            "Page not found", "Back to the panel", " the ", " and ", " with ", "Settings", "Connection check", "true", "false",
            "Language", "Log out", "Smarthosts list", "server-wide");
    /** A French high punctuation mark must follow a narrow no-break space (or a no-break space), not a letter or a plain space. */
    private static final Pattern TIGHT = Pattern.compile("[\\p{L}\\p{N})»]([:;?!])(?=\\s|$)");
    private static final Pattern LOOSE = Pattern.compile(" [:;?!](?=\\s|$)");

    /**
     * axe-core's landmark rules, "moderate" but failed on all the same: a landmark named like another (two regions
     * labelled by one heading: landmark-unique, a hostile tester), a second banner, main or contentinfo, one inside
     * another. Screen-reader users move by landmarks; two of one name are two doors to tell apart by guessing.
     */
    static final java.util.Set<String> LANDMARK_RULES = java.util.Set.of("landmark-unique", "landmark-no-duplicate-banner",
            "landmark-no-duplicate-contentinfo", "landmark-no-duplicate-main", "landmark-one-main", "landmark-banner-is-top-level",
            "landmark-complementary-is-top-level", "landmark-contentinfo-is-top-level", "landmark-main-is-top-level");
    /** Every other finding below serious, for a reader of the run (target/axe-moderate.txt), not failed on. */
    static final java.util.Set<String> OTHER = java.util.Collections.synchronizedSet(new java.util.TreeSet<>());

    private final WebDriver browser;
    private final Path shots;
    private final String axe;
    final List<String> failures = new ArrayList<>();
    int pagesChecked;
    int axeRuns;

    PageChecks(WebDriver browser, Path shots) throws IOException {
        this.browser = browser;
        this.shots = Files.createDirectories(shots);
        try (InputStream in = PageChecks.class.getResourceAsStream("/axe.min.js")) {
            assertTrue(in != null, "axe.min.js on the test class path (com.deque.html.axe-core:selenium)");
            this.axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The page now shown, at each width: not wider than the window; at 400 and 1280 px axe-core finds no
     * serious or critical violation and a screenshot {@code NAME-WIDTH.png} is saved.
     */
    void everyWidth(String name) throws IOException {
        for (int width : WIDTHS) {
            resize(width);
            long inner = num("return window.innerWidth");
            long scroll = num("return document.documentElement.scrollWidth");
            if (scroll > inner) {
                failures.add(name + " @" + width + ": page is " + scroll + " px wide in a " + inner + " px window (widest: "
                        + js("return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
                        + ".filter(e => e.offsetParent !== null).slice(0, 3).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className).join(', ')") + ")");
            }
            if (width == 400 || width == 1280) {
                axe(name + " @" + width);
                shot(name + "-" + width);
            }
        }
        pagesChecked++;
        resize(1280);
    }

    /** The viewport as a screen {@code width} px wide (Chrome's device emulation: exact, unlike a window resize). */
    void resize(int width) {
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", false));
        long inner = num("return window.innerWidth");
        assertEquals(width, inner, "the browser's window is " + width + " px wide");
    }

    @SuppressWarnings("unchecked")
    void axe(String where) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof axe !== 'undefined'"))) {
            js.executeScript(axe);
        }
        Object result = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
                + " help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' '))})))).catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));");
        axeRuns++;
        for (Map<String, Object> v : (List<Map<String, Object>>) result) {
            String impact = String.valueOf(v.get("impact"));
            if (impact.equals("serious") || impact.equals("critical") || LANDMARK_RULES.contains(String.valueOf(v.get("id")))) {
                failures.add(where + ": axe " + impact + " " + v.get("id") + " (" + v.get("help") + ") " + v.get("nodes"));
            } else {
                OTHER.add(impact + " " + v.get("id") + " (" + v.get("help") + ") " + v.get("nodes"));
            }
        }
    }

    /** On a French page: no English word of the list, no straight apostrophe, French spacing before : ; ? ! */
    void french(String name) {
        String text = (String) js("var c = document.body.cloneNode(true);"
                + "c.querySelectorAll('code, pre, script, style, svg, input, textarea, select, .lang-switch, [lang=en], [translate=no]').forEach(e => e.remove());"
                + "return c.textContent.replace(/[ \\t\\n\\r]+/g, ' ');");
        for (String word : ENGLISH) {
            if (text.contains(word)) {
                failures.add(name + " (fr): English '" + word.strip() + "' in: " + around(text, text.indexOf(word)));
            }
        }
        if (text.indexOf('\'') >= 0) {
            failures.add(name + " (fr): straight apostrophe in: " + around(text, text.indexOf('\'')));
        }
        for (Pattern p : List.of(TIGHT, LOOSE)) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                failures.add(name + " (fr): no narrow no-break space before '" + m.group().strip() + "' in: " + around(text, m.start()));
            }
        }
    }

    void shot(String name) throws IOException {
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shots.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    void assertNone() {
        assertTrue(failures.isEmpty(), failures.size() + " problem(s):\n" + String.join("\n", failures));
    }

    private static String around(String text, int at) {
        return "\"" + text.substring(Math.max(0, at - 50), Math.min(text.length(), at + 50)) + "\"";
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private long num(String script) {
        return ((Number) js(script)).longValue();
    }
}
