package io.smarthost.ui.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.testing.HeadlessChromium;
import io.smarthost.panel.host.testing.PostgresCluster;
import io.smarthost.panel.host.testing.TestPanel;
import io.smarthost.postfix.testing.PostfixInstance;
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
    static io.smarthost.core.spf.TestDnsServer dns;
    static io.smarthost.postfix.testing.TestPostsrsd postsrsd;

    @BeforeAll
    static void start() throws Exception {
        String zip = System.getProperty("smarthost.pluginZip");
        assertTrue(zip != null && Files.isRegularFile(Path.of(zip)), "run through Maven (failsafe) after package: " + zip);
        // the live DNS checks (SPF, domain-authentication records) ask a DNS server on 127.0.0.1
        dns = io.smarthost.core.spf.TestDnsServer.start();
        dns.cname("em1234.alice.example", "u1234567.wl123.sendgrid.net");
        dns.cname("s1._domainkey.alice.example", "s1.domainkey.u999.wl1.sendgrid.net");
        // the SRS card's answers: a postsrsd of the test's own (never the machine's service)
        postsrsd = io.smarthost.postfix.testing.TestPostsrsd.start(temp, "srs.test");
        panel = TestPanel.builder(temp.resolve("home")).plugin(Path.of(zip)).ini("[mail]\nsmarthost.spf.resolver = 127.0.0.1:"
                + dns.address().getPort() + "\nsmarthost.spf.timeout_ms = 2000\n"
                + "smarthost.postfix.srs.forward_port = " + postsrsd.daemon().forwardPort() + "\n"
                + "smarthost.postfix.srs.reverse_port = " + postsrsd.daemon().reversePort() + "\n").start();
        panel.createCustomer("alice");
        panel.createDomain("alice.example", "alice");
        panel.createDomain("a-rather-long-subdomain-name.of-a-customer-with-a-long-name.example", "alice");
        panel.createDomain("bücher-und-straßen-verzeichnis.example", "alice"); // shown in Unicode, its ASCII form beside
        relay = TestRelay.start(TestRelay.Mode.PLAIN, Map.of("relay-user", "relay-Secret-4711"));
        // a row in the Smarthosts lists (admin and customer), with the longest domain name
        TestPanel.CliRun domainRelay = panel.cli("smarthost", "--update-domain",
                "a-rather-long-subdomain-name.of-a-customer-with-a-long-name.example", "-host", "smtp.sendgrid.net", "-port", "587",
                "-encryption", "starttls", "-auth", "false");
        assertEquals(0, domainRelay.exitCode(), domainRelay.err());
        TestPanel.CliRun authRecords = panel.cliWithStdin("""
                em1234.alice.example CNAME u1234567.wl123.sendgrid.net
                s1._domainkey.alice.example CNAME s1.domainkey.u1234567.wl123.sendgrid.net
                s2._domainkey.alice.example CNAME s2.domainkey.u1234567.wl123.sendgrid.net
                www CNAME sendgrid.net
                """, "smarthost", "--set-auth-records", "-domain", "alice.example", "-provider", "sendgrid");
        assertEquals(0, authRecords.exitCode(), authRecords.err());
        // per-sender relays (1.3): a row in the domain page's card and on the sender page
        TestPanel.CliRun senderRelay = panel.cliWithStdin("anna-Secret-4711\n", "smarthost", "--update-sender",
                "anna.with.a.rather.long.local.part@alice.example", "-host", "[relay.example.net]:2525",
                "-encryption", "starttls", "-auth", "true", "-username", "anna-login", "-password-stdin");
        assertEquals(0, senderRelay.exitCode(), senderRelay.err());
        browser = HeadlessChromium.start(temp, 1280, 900);
        checks = new PageChecks(browser, Path.of("target/screenshots/pages"));
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        java.nio.file.Files.write(Path.of("target/axe-moderate.txt"), PageChecks.OTHER);
        if (browser != null) {
            browser.quit();
        }
        if (relay != null) {
            relay.close();
        }
        if (panel != null) {
            panel.close();
        }
        if (dns != null) {
            try {
                dns.close();
            } catch (java.io.IOException e) {
                // the test is over
            }
        }
        if (postsrsd != null) {
            try {
                postsrsd.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
                    new String[] {"list", "/plugins/smarthost/list"}, new String[] {"not-found", "/no/such/page"},
                    new String[] {"auth-records", "/plugins/smarthost/domains/alice.example/auth-records"},
                    new String[] {"senders-edit", SENDERS + "?address=anna.with.a.rather.long.local.part@alice.example"})) {
                visit("admin-" + lang + "-" + page[0], page[1], lang);
            }
            serverFormWithErrorsAndCheckReport("admin-" + lang, lang);
            authRecordsStates("admin-" + lang, lang);
            srsSwitchedOnAndOff("admin-" + lang, lang);
            senderFormWithErrors("admin-" + lang, lang);
            mtaTestPages("admin-" + lang, lang, "/plugins/smarthost/server", "root@alice.example");
            serverBackupSectionWithAnError("admin-" + lang, lang);
            removalOverAHandEdit("admin-" + lang, lang);
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
                    new String[] {"idn-domain", "/domains/" + java.net.IDN.toASCII("bücher-und-straßen-verzeichnis.example")},
                    new String[] {"list", "/plugins/smarthost/list"},
                    new String[] {"not-found", "/plugins/smarthost/server"},
                    new String[] {"auth-records", "/plugins/smarthost/domains/alice.example/auth-records"},
                    new String[] {"senders-which", SENDERS + "?which=bob@alice.example"},
                    new String[] {"senders-remove", null})) {
                if (page[1] == null) {
                    senderRemoveConfirmation("customer-" + lang + "-" + page[0], lang);
                    continue;
                }
                visit("customer-" + lang + "-" + page[0], page[1], lang);
            }
            domainFormWithErrors("customer-" + lang, lang);
            authRecordsStates("customer-" + lang, lang);
            mtaTestPages("customer-" + lang, lang, "/plugins/smarthost/domains/alice.example", "");
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
        // Tab stays in the open menu, both ways (a hostile tester: it went on to controls hidden under the menu)
        for (int i = 0; i < 25; i++) {
            active().sendKeys(i % 5 == 4 ? Keys.chord(Keys.SHIFT, Keys.TAB) : Keys.TAB);
            assertEquals(Boolean.TRUE, js("return document.activeElement.closest('#sidebar') !== null"),
                    "focus stays in the open menu after " + (i + 1) + " Tab presses");
        }
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
        submitAndWait(browser.findElement(By.id("ok")));
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
        submitAndWait(browser.findElement(By.id("check")));
        assertTrue(browser.findElement(By.id("report")).isDisplayed());
        long top = ((Number) js("return Math.round(document.getElementById('report').getBoundingClientRect().top)")).longValue();
        assertTrue(top >= 0 && top < 300, "the check's report is scrolled into view (its top at " + top + " px)");
        browser.findElements(By.cssSelector("#report details")).forEach(d -> js("arguments[0].open = true", d));
        checks.everyWidth(name + "-server-check");
        if (lang.equals("fr")) {
            checks.french(name + "-server-check");
        }
    }

    /** The SRS card after each answer (a domain relay is on: SRS is written into the sandbox Postfix and taken out). */
    private static void srsSwitchedOnAndOff(String name, String lang) throws Exception {
        for (String state : List.of("on", "off")) {
            browser.get(panel.baseUrl() + "/plugins/smarthost/server");
            submitAndWait(browser.findElement(By.id("srs-switch")));
            // the apply checks postsrsd and reloads Postfix (seconds on a loaded machine): wait for the answer
            long end = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (browser.findElements(By.id("srs-saved")).isEmpty() && browser.findElements(By.id("srs-error")).isEmpty()
                    && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            assertTrue(browser.findElements(By.id("srs-error")).isEmpty(), () -> "SRS " + state + ": "
                    + browser.findElement(By.id("srs-error")).getText());
            assertTrue(browser.findElement(By.id("srs-saved")).isDisplayed(), "SRS " + state);
            checks.everyWidth(name + "-srs-" + state);
            if (lang.equals("fr")) {
                checks.french(name + "-srs-" + state);
            }
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
        submitAndWait(browser.findElement(By.id("ok")));
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
        submitAndWait(browser.findElement(By.id("ok")));
        assertTrue(browser.findElement(By.id("form-error")).isDisplayed());
        checks.everyWidth(name + "-domain-errors");
        if (lang.equals("fr")) {
            checks.french(name + "-domain-errors");
        }
    }

    /** The domain-authentication records page: a paste with errors, the live check, apply with a conflict to replace. */
    private static void authRecordsStates(String name, String lang) throws Exception {
        browser.get(panel.baseUrl() + "/plugins/smarthost/domains/alice.example/auth-records");
        String kept = browser.findElement(By.id("authrec-paste")).getAttribute("value");
        type("authrec-paste", "em1 CNAME 192.0.2.1\nnot a record at all");
        submitAndWait(browser.findElement(By.id("authrec-save")));
        assertTrue(browser.findElement(By.id("err-authrec-paste")).isDisplayed());
        assertEquals("true", browser.findElement(By.id("authrec-paste")).getAttribute("aria-invalid"));
        checks.everyWidth(name + "-authrec-errors");
        if (lang.equals("fr")) {
            checks.french(name + "-authrec-errors");
        }
        type("addName", "-bad-name");
        submitAndWait(browser.findElement(By.id("authrec-add")));
        assertTrue(browser.findElement(By.id("err-addName")).isDisplayed());
        checks.everyWidth(name + "-authrec-add-errors");
        if (lang.equals("fr")) {
            checks.french(name + "-authrec-add-errors");
        }
        submitAndWait(browser.findElement(By.id("authrec-check")));
        assertTrue(browser.findElement(By.id("authrec-live")).isDisplayed());
        checks.everyWidth(name + "-authrec-check");
        if (lang.equals("fr")) {
            checks.french(name + "-authrec-check");
        }
        submitAndWait(browser.findElement(By.id("authrec-apply")));
        assertTrue(browser.findElement(By.id("authrec-results")).isDisplayed());
        checks.everyWidth(name + "-authrec-applied");
        if (lang.equals("fr")) {
            checks.french(name + "-authrec-applied");
        }
        assertTrue(kept.contains("s2._domainkey.alice.example"), kept);
    }

    /** The sender page (per-sender relays, 1.3). */
    static final String SENDERS = "/plugins/smarthost/domains/alice.example/senders";

    private static void senderFormWithErrors(String name, String lang) throws Exception {
        browser.get(panel.baseUrl() + SENDERS);
        type("address", "not an address");
        type("host", "bad host!");
        submitAndWait(browser.findElement(By.id("ok")));
        assertTrue(browser.findElement(By.id("form-error")).isDisplayed());
        checks.everyWidth(name + "-sender-errors");
        if (lang.equals("fr")) {
            checks.french(name + "-sender-errors");
        }
    }

    /**
     * "Use the server-wide settings" over a hand edit of main.cf: the removal card with what would be written, the
     * drift and its own box (main.cf is put back as it was after; nothing was applied).
     */
    private static void removalOverAHandEdit(String name, String lang) throws Exception {
        io.smarthost.ui.testing.HandEdits hand = new io.smarthost.ui.testing.HandEdits(panel.home());
        String before = hand.read();
        hand.set("sender_dependent_relayhost_maps", "hash:/etc/postfix/our_own_relays");
        try {
            browser.get(panel.baseUrl() + "/plugins/smarthost/domains/a-rather-long-subdomain-name.of-a-customer-with-a-long-name.example");
            submitAndWait(browser.findElement(By.id("remove")));
            submitAndWait(browser.findElement(By.id("remove-confirmed")));
            assertTrue(browser.findElement(By.id("err-takeOverRemove")).isDisplayed(), "the box is asked for");
            assertTrue(browser.findElement(By.id("remove-preview-drift")).isDisplayed(), "beside the drift");
            checks.everyWidth(name + "-remove-takeover");
            if (lang.equals("fr")) {
                checks.french(name + "-remove-takeover");
            }
        } finally {
            hand.write(before);
        }
    }

    private static void senderRemoveConfirmation(String name, String lang) throws Exception {
        browser.get(panel.baseUrl() + SENDERS);
        submitAndWait(browser.findElement(By.cssSelector("#sender-list .sh-sender-remove")));
        assertTrue(browser.findElement(By.id("confirm-remove")).isDisplayed());
        checks.everyWidth(name);
        if (lang.equals("fr")) {
            checks.french(name);
        }
    }

    /** The server page's "Postfix nodes" card (maps in PostgreSQL, one node behind), admin, English and French. */
    @Test
    void theServerPageWithPostfixNodesFitsPassesAxeAndReadsAsFrench() throws Exception {
        PostgresCluster cluster = PostgresCluster.shared();
        TestPanel.useDatabase(cluster.url(cluster.createDatabase()), "postgres", "");
        TestPanel main = panel;
        try (TestPanel fleet = TestPanel.builder(temp.resolve("fleet-home")).plugin(Path.of(System.getProperty("smarthost.pluginZip")))
                .ini("[mail]\nsmarthost.postfix.maps = pgsql\n").start()) {
            panel = fleet;
            relayVia(fleet, "[192.0.2.1]");
            for (String name : List.of("mx1.example.net", "mx2-with-a-longer-name.example.net")) {
                PostfixInstance node = PostfixInstance.create(temp.resolve(name));
                TestPanel.CliRun setup = fleet.cli("smarthost", "--node-setup", "-config-directory", node.configDir().toString(),
                        "-name", name);
                assertEquals(0, setup.exitCode(), setup.err());
            }
            relayVia(fleet, "[192.0.2.2]");
            TestPanel.CliRun sync = fleet.cli("smarthost", "--node-sync", "-config-directory",
                    temp.resolve("mx1.example.net").resolve("postfix").toString());
            assertEquals(0, sync.exitCode(), sync.err());
            // a full check asked for through the API is what the pages then show: the dashboard names the node
            assertEquals(200, fleet.api(fleet.apiKey("admin")).get("/api/v2/plugins/smarthost/verify").status());
            login("admin", TestPanel.ADMIN_PASSWORD);
            for (String lang : List.of("en", "fr")) {
                language(lang);
                visit("fleet-admin-" + lang + "-dashboard", "/", lang);
                String checks = browser.findElement(By.cssSelector("ul[aria-labelledby=health-problems-heading]")).getText();
                assertTrue(checks.contains("mx2-with-a-longer-name.example.net"), checks);
                assertTrue(checks.contains(lang.equals("fr") ? "Un nœud Postfix est en retard" : "this node applied server-wide"), checks);
                visit("fleet-admin-" + lang + "-server", "/plugins/smarthost/server", lang);
                assertEquals(1, browser.findElements(By.cssSelector("#nodes-table .badge-failed")).size(), () -> "one node is behind;"
                        + " at " + browser.getCurrentUrl() + ": " + browser.findElements(By.id("nodes")).stream()
                        .map(WebElement::getText).findFirst().orElse("(no nodes card)"));
            }
            language("en");
            logout();
        } finally {
            panel = main;
            TestPanel.useDatabase(null, null, null);
        }
        checks.assertNone();
    }

    private static void relayVia(TestPanel p, String host) {
        TestPanel.CliRun r = p.cli("smarthost", "--update", "-enabled", "true", "-host", host, "-port", "587",
                "-encryption", "starttls", "-auth", "false");
        assertEquals(0, r.exitCode(), r.err());
    }

    /**
     * "Send through the mail server": the form with a wrong address, then the test's own page while it runs (the
     * sandbox Postfix of this panel is not started, so the page stays live or ends without an answer).
     */
    private static void mtaTestPages(String name, String lang, String page, String from) throws Exception {
        browser.get(panel.baseUrl() + page);
        if (!from.isEmpty()) {
            type("mta-from", from);
        }
        type("mta-to", "not an address");
        submitAndWait(browser.findElement(By.id("mta-test-send")));
        assertEquals("true", browser.findElement(By.id("mta-to")).getAttribute("aria-invalid"));
        checks.everyWidth(name + "-mta-errors");
        if (lang.equals("fr")) {
            checks.french(name + "-mta-errors");
        }
        type("mta-to", "someone@remote.example");
        submitAndWait(browser.findElement(By.id("mta-test-send")));
        assertTrue(browser.findElement(By.id("mta-test-state")).isDisplayed());
        assertTrue(browser.getCurrentUrl().contains("/mta-test/"), browser.getCurrentUrl());
        checks.everyWidth(name + "-mta-result");
        if (lang.equals("fr")) {
            checks.french(name + "-mta-result");
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
        submitAndWait(browser.findElement(By.cssSelector(".topbar .lang-switch button[value=" + lang + "]")));
        assertEquals(lang, browser.findElement(By.tagName("html")).getAttribute("lang"), "the page after the switch");
    }

    /**
     * Clicks a form's button and waits until the page it leaves is gone: the next {@code browser.get} would
     * otherwise race the form's own navigation (seen in CI: the language switch's redirect to the dashboard
     * landed after the server page was asked for, and the dashboard was checked in its place; an element of the
     * page being left was read just before it went, "stale element reference").
     */
    private static void submitAndWait(WebElement button) {
        // a mark on the page being left: the page that answers the form has none
        js("window.shBeforeSubmit = true");
        button.click();
        // an upper bound: an SRS switch checks postsrsd and reloads Postfix, seconds on a loaded machine
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if ("complete".equals(js("return window.shBeforeSubmit === true ? 'leaving' : document.readyState"))) {
                    break;
                }
            } catch (org.openqa.selenium.WebDriverException navigating) {
                // the document changed under the script: ask again
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("the form's page did not load in 60 s: " + browser.getCurrentUrl());
            }
            sleep(50);
        }
    }

    private static void login(String user, String password) {
        browser.get(panel.baseUrl() + "/login");
        browser.manage().deleteAllCookies();
        browser.get(panel.baseUrl() + "/login");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        submitAndWait(browser.findElement(By.cssSelector("button[type=submit]")));
    }

    private static void logout() {
        browser.get(panel.baseUrl() + "/");
        submitAndWait(browser.findElement(By.cssSelector("form[action='/logout'] button")));
        browser.findElement(By.name("username"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
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
