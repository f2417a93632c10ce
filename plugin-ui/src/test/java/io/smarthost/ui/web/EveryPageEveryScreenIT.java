package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HeadlessChromium;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.TestRelay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Every page, as admin and as a customer, in English and in French, at 360, 400, 768 and 1280 px, in a real
 * headless Chromium against a panel that loaded the built plugin file: no page wider than the window,
 * axe-core finds no serious or critical violation (forms with errors and check reports included), French
 * pages read as French. Screenshots: {@code target/screenshots/pages/NAME-WIDTH.png}.
 */
class EveryPageEveryScreenIT {

    @TempDir
    static Path temp;
    static TestPanel panel;
    static TestRelay relay;
    static WebDriver browser;
    static PageChecks checks;

    @BeforeAll
    static void start() throws Exception {
        String zip = System.getProperty("smarthost.pluginZip");
        assertTrue(zip != null && Files.isRegularFile(Path.of(zip)), "run through Maven (failsafe) after package: " + zip);
        panel = TestPanel.builder(temp.resolve("home")).plugin(Path.of(zip)).start();
        panel.createCustomer("alice");
        panel.createDomain("alice.example", "alice");
        panel.createDomain("a-rather-long-subdomain-name.of-a-customer-with-a-long-name.example", "alice");
        relay = TestRelay.start(TestRelay.Mode.PLAIN, Map.of("relay-user", "relay-Secret-4711"));
        // a row in the Smarthosts lists (admin and customer), with the longest domain name
        TestPanel.CliRun domainRelay = panel.cli("smarthost", "--update-domain",
                "a-rather-long-subdomain-name.of-a-customer-with-a-long-name.example", "-host", "smtp.sendgrid.net", "-port", "587",
                "-encryption", "starttls", "-auth", "false");
        assertEquals(0, domainRelay.exitCode(), domainRelay.err());
        browser = HeadlessChromium.start(temp, 1280, 900);
        checks = new PageChecks(browser, Path.of("target/screenshots/pages"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (relay != null) {
            relay.close();
        }
        if (panel != null) {
            panel.close();
        }
    }

    @Test
    void everyPageFitsTheWindowPassesAxeAndReadsAsFrenchInFrench() throws Exception {
        login("admin", TestPanel.ADMIN_PASSWORD);
        for (String lang : List.of("en", "fr")) {
            language(lang);
            for (String[] page : List.of(new String[] {"dashboard", "/"}, new String[] {"domains", "/domains"},
                    new String[] {"domain", "/domains/alice.example"}, new String[] {"tools", "/tools"},
                    new String[] {"extensions", "/tools/extensions"}, new String[] {"server", "/plugins/smarthost/server"},
                    new String[] {"domain-relay", "/plugins/smarthost/domains/alice.example"},
                    new String[] {"list", "/plugins/smarthost/list"}, new String[] {"not-found", "/no/such/page"})) {
                visit("admin-" + lang + "-" + page[0], page[1], lang);
            }
            serverFormWithErrorsAndCheckReport("admin-" + lang, lang);
            serverBackupSectionWithAnError("admin-" + lang, lang);
        }
        language("en");
        logout();

        login("alice", "password-alice");
        for (String lang : List.of("en", "fr")) {
            language(lang);
            for (String[] page : List.of(new String[] {"dashboard", "/"}, new String[] {"domains", "/domains"},
                    new String[] {"domain", "/domains/alice.example"},
                    new String[] {"domain-relay", "/plugins/smarthost/domains/alice.example"},
                    new String[] {"long-domain-relay", "/plugins/smarthost/domains/a-rather-long-subdomain-name.of-a-customer-with-a-long-name.example"},
                    new String[] {"list", "/plugins/smarthost/list"},
                    new String[] {"not-found", "/plugins/smarthost/server"})) {
                visit("customer-" + lang + "-" + page[0], page[1], lang);
            }
            domainFormWithErrors("customer-" + lang, lang);
        }
        language("en");
        logout();
        browser.get(panel.baseUrl() + "/login");
        checks.everyWidth("login");
        checks.assertNone();
        System.out.println("pages checked: " + checks.pagesChecked + ", axe runs: " + checks.axeRuns);
    }

    @Test
    void theWholeServerWorkflowWorksWithTheKeyboardAloneOnAPhoneSizedScreen() throws Exception {
        login("admin", TestPanel.ADMIN_PASSWORD);
        browser.get(panel.baseUrl() + "/");
        checks.resize(400);
        WebElement menu = browser.findElement(By.id("menu-button"));
        assertTrue(menu.isDisplayed(), "a menu button on a narrow screen");
        assertFalse(browser.findElement(By.id("sidebar")).isDisplayed(), "the sidebar folded away");
        tabUntil("menu-button");
        active().sendKeys(Keys.ENTER);
        assertEquals("true", menu.getAttribute("aria-expanded"));
        assertTrue(browser.findElement(By.id("sidebar")).isDisplayed(), "the menu opens with Enter");
        checks.shot("keyboard-menu-open-400");
        tabUntilHref("/tools");
        active().sendKeys(Keys.ENTER);
        tabUntilHref("/plugins/smarthost/server");
        String focusRing = (String) js("return getComputedStyle(document.activeElement).outlineStyle");
        assertFalse("none".equals(focusRing), "the focused link shows a focus ring");
        active().sendKeys(Keys.ENTER);
        tabUntil("enabled");
        active().sendKeys(Keys.SPACE);
        tabUntil("host");
        active().sendKeys("[127.0.0.1]");
        tabUntil("port");
        active().sendKeys(Keys.chord(Keys.CONTROL, "a"), String.valueOf(relay.port()));
        tabUntil("encryption");
        active().sendKeys("n"); // "None"
        tabUntil("authentication");
        active().sendKeys(Keys.SPACE);
        tabUntil("username");
        active().sendKeys("relay-user");
        tabUntil("password");
        active().sendKeys("relay-Secret-4711");
        tabUntil("check");
        active().sendKeys(Keys.ENTER);
        assertTrue(browser.findElement(By.id("report")).getText().contains("passed"), browser.findElement(By.id("report")).getText());
        checks.shot("keyboard-check-400");
        tabUntil("ok");
        active().sendKeys(Keys.ENTER);
        assertTrue(browser.findElement(By.id("saved")).isDisplayed());
        checks.everyWidth("keyboard-saved");
        checks.assertNone();
        checks.resize(1280);
        logout();
    }

    private static void serverFormWithErrorsAndCheckReport(String name, String lang) throws Exception {
        browser.get(panel.baseUrl() + "/plugins/smarthost/server");
        if (!browser.findElement(By.id("enabled")).isSelected()) {
            browser.findElement(By.id("enabled")).click();
        }
        type("host", "bad host name");
        type("port", "99999");
        browser.findElement(By.id("ok")).click();
        assertTrue(browser.findElement(By.id("err-port")).isDisplayed());
        assertEquals("err-port", browser.findElement(By.id("port")).getAttribute("aria-describedby").split(" ")[0],
                "the error is tied to its field");
        assertEquals("true", browser.findElement(By.id("port")).getAttribute("aria-invalid"));
        checks.everyWidth(name + "-server-errors");
        if (lang.equals("fr")) {
            checks.french(name + "-server-errors");
        }
        type("host", "[127.0.0.1]");
        type("port", String.valueOf(relay.port()));
        browser.findElement(By.cssSelector("#encryption option[value='none']")).click();
        if (!browser.findElement(By.id("authentication")).isSelected()) {
            browser.findElement(By.id("authentication")).click();
        }
        type("username", "relay-user");
        type("password", "relay-Secret-4711");
        browser.findElement(By.id("check")).click();
        assertTrue(browser.findElement(By.id("report")).isDisplayed());
        long top = ((Number) js("return Math.round(document.getElementById('report').getBoundingClientRect().top)")).longValue();
        assertTrue(top >= 0 && top < 300, "the check's report is scrolled into view (its top at " + top + " px)");
        browser.findElements(By.cssSelector("#report details")).forEach(d -> js("arguments[0].open = true", d));
        checks.everyWidth(name + "-server-check");
        if (lang.equals("fr")) {
            checks.french(name + "-server-check");
        }
    }

    /** The "Backup relay (optional)" section opened, with an error at its host field (issue 20). */
    private static void serverBackupSectionWithAnError(String name, String lang) throws Exception {
        browser.get(panel.baseUrl() + "/plugins/smarthost/server");
        if (!browser.findElement(By.id("enabled")).isSelected()) {
            browser.findElement(By.id("enabled")).click();
        }
        type("host", "[127.0.0.1]");
        type("port", String.valueOf(relay.port()));
        browser.findElement(By.cssSelector("#backup-relay summary")).click();
        type("backupHost", "bad backup host");
        browser.findElement(By.id("ok")).click();
        long end = System.nanoTime() + 15_000_000_000L;
        while (browser.findElements(By.id("err-backupHost")).isEmpty() && System.nanoTime() < end) {
            Thread.sleep(100); // the answer runs the service's validation: wait for the new page
        }
        String source = browser.getPageSource();
        int at = source.indexOf("backup-relay");
        assertTrue(!browser.findElements(By.id("err-backupHost")).isEmpty(), "no backup host error; page at "
                + browser.getCurrentUrl() + ": " + source.substring(Math.max(0, at - 1500), Math.min(source.length(), at + 1500)));
        assertTrue(browser.findElement(By.id("err-backupHost")).isDisplayed(), "the section opens on its error");
        assertEquals("true", browser.findElement(By.id("backupHost")).getAttribute("aria-invalid"));
        checks.everyWidth(name + "-server-backup-errors");
        if (lang.equals("fr")) {
            checks.french(name + "-server-backup-errors");
        }
    }

    private static void domainFormWithErrors(String name, String lang) throws Exception {
        browser.get(panel.baseUrl() + "/plugins/smarthost/domains/alice.example");
        if (!browser.findElement(By.id("enabled")).isSelected()) {
            browser.findElement(By.id("enabled")).click();
        }
        type("host", "");
        browser.findElement(By.id("ok")).click();
        assertTrue(browser.findElement(By.id("form-error")).isDisplayed());
        checks.everyWidth(name + "-domain-errors");
        if (lang.equals("fr")) {
            checks.french(name + "-domain-errors");
        }
    }

    private static void visit(String name, String path, String lang) throws Exception {
        browser.get(panel.baseUrl() + path);
        checks.everyWidth(name);
        if (lang.equals("fr")) {
            checks.french(name);
        }
    }

    private static void language(String lang) {
        browser.get(panel.baseUrl() + "/");
        browser.findElement(By.cssSelector(".topbar .lang-switch button[value=" + lang + "]")).click();
    }

    private static void login(String user, String password) {
        browser.get(panel.baseUrl() + "/login");
        browser.manage().deleteAllCookies();
        browser.get(panel.baseUrl() + "/login");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private static void logout() {
        browser.get(panel.baseUrl() + "/");
        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        browser.findElement(By.name("username"));
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static WebElement active() {
        return browser.switchTo().activeElement();
    }

    private static void tabUntil(String id) {
        for (int i = 0; i < 80; i++) {
            if (id.equals(active().getAttribute("id"))) {
                return;
            }
            active().sendKeys(Keys.TAB);
        }
        throw new AssertionError("Tab never reaches #" + id);
    }

    private static void tabUntilHref(String href) {
        for (int i = 0; i < 80; i++) {
            String h = active().getAttribute("href");
            if (h != null && h.endsWith(href)) {
                return;
            }
            active().sendKeys(Keys.TAB);
        }
        throw new AssertionError("Tab never reaches a link to " + href);
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }
}
