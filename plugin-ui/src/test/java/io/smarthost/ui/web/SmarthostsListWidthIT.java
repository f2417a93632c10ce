package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HeadlessChromium;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The Smarthosts list (admin) on a laptop's screen, 1280x800 and 1366x768, in English and French, with the delivery
 * columns filled (a deferral and a bounce read from the maillog): every column is within the table's box and the
 * window, nothing to scroll sideways to (a hostile tester: "Last error" was cut at 1280 px, in French at 1366 px), and
 * the last error's explanation is there in full. Screenshots in target/screenshots/list-width/.
 */
class SmarthostsListWidthIT {

    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ENGLISH);
    private static final String LONG = "a-rather-long-subdomain-name.of-a-customer-with-a-long-name.example";

    @TempDir
    Path temp;

    @Test
    void everyColumnFitsALaptopScreenInBothLanguages() throws Exception {
        String zip = System.getProperty("smarthost.pluginZip");
        assertTrue(zip != null && Files.isRegularFile(Path.of(zip)), "run through Maven (failsafe) after package: " + zip);
        Path log = temp.resolve("maillog");
        Files.writeString(log, "");
        String ini = "[mail]\nsmarthost.postfix.log = " + log + "\n";
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).plugin(Path.of(zip)).ini(ini).start()) {
            panel.createCustomer("alice");
            panel.createDomain(LONG, "alice");
            panel.createDomain("bounce.example", "alice");
            for (String domain : List.of(LONG, "bounce.example")) {
                TestPanel.CliRun saved = panel.cliWithStdin("a-long-login-secret\n", "smarthost", "--update-domain", domain,
                        "-host", "smtp.eu.mailgun.org", "-port", "587", "-encryption", "starttls", "-auth", "true", "-username",
                        "postmaster@mg.a-long-customer-domain.example", "-password-stdin");
                assertEquals(0, saved.exitCode(), saved.err());
            }
        }
        // the log as the reader finds it when the panel starts (as a day of traffic before it)
        writeLog(log);
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).plugin(Path.of(zip)).ini(ini).start()) {
            WebDriver browser = HeadlessChromium.start(temp, 1280, 800);
            try {
                browser.get(panel.baseUrl() + "/login");
                browser.findElement(By.name("username")).sendKeys("admin");
                browser.findElement(By.name("password")).sendKeys(TestPanel.ADMIN_PASSWORD);
                browser.findElement(By.cssSelector("button[type=submit]")).click();
                browser.findElement(By.cssSelector("h1.page-title"));
                awaitErrors(browser, panel);
                Path shots = Files.createDirectories(Path.of("target/screenshots/list-width"));
                List<String> failures = new ArrayList<>();
                for (String lang : List.of("en", "fr")) {
                    browser.get(panel.baseUrl() + "/");
                    browser.findElement(By.cssSelector(".topbar .lang-switch button[value=" + lang + "]")).click();
                    browser.findElement(By.cssSelector("html[lang=" + lang + "]"));
                    for (int[] size : new int[][] {{1280, 800}, {1366, 768}, {1440, 900}}) {
                        ((ChromeDriver) browser).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                                Map.of("width", size[0], "height", size[1], "deviceScaleFactor", 1, "mobile", false));
                        browser.get(panel.baseUrl() + "/plugins/smarthost/list");
                        String where = lang + " @" + size[0] + "x" + size[1];
                        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                                shots.resolve("list-" + lang + "-" + size[0] + ".png"), StandardCopyOption.REPLACE_EXISTING);
                        failures.addAll(cut(browser, where));
                    }
                }
                assertEquals(List.of(), failures);
            } finally {
                browser.quit();
            }
        }
    }

    /** What is cut: a table wider than its box, a page wider than the window, a cell's content past the box's right edge. */
    @SuppressWarnings("unchecked")
    private static List<String> cut(WebDriver browser, String where) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                const out = [];
                const box = document.querySelector('.table-scroll');
                if (box.scrollWidth > box.clientWidth + 1) out.push(arguments[0] + ': the table is ' + box.scrollWidth
                    + ' px wide in a ' + box.clientWidth + ' px box');
                if (document.documentElement.scrollWidth > window.innerWidth) out.push(arguments[0] + ': the page is '
                    + document.documentElement.scrollWidth + ' px wide in a ' + window.innerWidth + ' px window');
                const right = box.getBoundingClientRect().right;
                const past = [...document.querySelectorAll('#smarthosts th, #smarthosts td, #smarthosts td *')]
                    .filter(e => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > right + 1);
                if (past.length > 0) out.push(arguments[0] + ': ' + past.length + ' cells or parts past the right edge of the box ('
                    + Math.round(right) + ' px), e.g. ' + past[0].tagName + '.' + past[0].className + ' "'
                    + past[0].innerText.substring(0, 30) + '"');
                document.querySelectorAll('#smarthosts td *').forEach(e => {
                  if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'hidden') out.push(arguments[0]
                      + ': ' + e.tagName + '.' + e.className + ' hides part of its text');
                });
                document.querySelectorAll('.sh-last-error').forEach(c => {
                  if (!c.querySelector('.badge') || c.innerText.trim().length < 20) out.push(arguments[0]
                      + ': a last error without its code and explanation: ' + c.innerText);
                });
                return out;""", where);
    }

    /** The log is read and the list shows both errors. */
    private static void awaitErrors(WebDriver browser, TestPanel panel) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            // the CLI's --status reads what the log gained first (a test panel starts no background reader)
            panel.cli("smarthost", "--status", "-domain", "bounce.example");
            browser.get(panel.baseUrl() + "/plugins/smarthost/list");
            if (browser.findElements(By.cssSelector(".sh-last-error .badge")).size() == 2) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the list did not show the two last errors in 60 s: " + browser.getPageSource());
    }

    /** A deferral (535, the login refused) for the long domain and a bounce (550) for the other, as Postfix 3.7 logs them. */
    private static void writeLog(Path log) throws java.io.IOException {
        String time = SYSLOG.format(LocalDateTime.ofInstant(Instant.now().minusSeconds(60), ZoneId.systemDefault()));
        String text = time + " mx postfix/qmgr[11089]: 3F2A1B4C5D6: from=<news@" + LONG + ">, size=369, nrcpt=1 (queue active)\n"
                + time + " mx postfix/smtp[11124]: 3F2A1B4C5D6: to=<someone@remote.example>, relay=smtp.eu.mailgun.org[192.0.2.10]:587,"
                + " delay=0.55, delays=0.01/0.39/0.14/0, dsn=4.0.0, status=deferred (SASL authentication failed; server"
                + " smtp.eu.mailgun.org[192.0.2.10] said: 535 Authentication credentials invalid)\n"
                + time + " mx postfix/qmgr[11089]: 3F2A1B4C5D7: from=<news@bounce.example>, size=369, nrcpt=1 (queue active)\n"
                + time + " mx postfix/smtp[11120]: 3F2A1B4C5D7: to=<nobody@remote.example>, relay=smtp.eu.mailgun.org[192.0.2.10]:587,"
                + " delay=0.4, delays=0.04/0.01/0.3/0.05, dsn=5.1.1, status=bounced (host smtp.eu.mailgun.org[192.0.2.10] said:"
                + " 550 5.1.1 <nobody@remote.example>: Recipient address rejected: User unknown (in reply to RCPT TO command))\n"
                + time + " mx postfix/qmgr[11089]: 3F2A1B4C5D7: removed\n";
        Files.writeString(log, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }
}
