package io.smarthost.panel.host.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.panel.host.Samples;
import io.smarthost.panel.host.testing.HeadlessChromium;
import io.smarthost.panel.host.testing.TestPanel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * A real headless Chromium logs in through the form, sees the dashboard (screenshot in
 * target/screenshots/), switches to French, and opens a plugin page.
 */
class BrowserLoginTest {


    @TempDir
    Path temp;

    @Test
    void logsInThroughTheFormAndShowsTheDashboard() throws Exception {
        Path screenshots = Files.createDirectories(Path.of("target/screenshots"));
        try (TestPanel panel = TestPanel.builder(temp.resolve("home")).plugin(Samples.zip(temp.resolve("build"))).demoData(true).start()) {
            WebDriver browser = HeadlessChromium.start(temp, 1366, 850);
            try {
                browser.get(panel.baseUrl() + "/");
                assertTrue(browser.getCurrentUrl().contains("/login"), browser.getCurrentUrl());
                Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshots.resolve("login.png"),
                        StandardCopyOption.REPLACE_EXISTING);
                browser.findElement(By.name("username")).sendKeys("admin");
                browser.findElement(By.name("password")).sendKeys(TestPanel.ADMIN_PASSWORD);
                browser.findElement(By.cssSelector("button[type=submit]")).click();
                assertEquals("Dashboard", browser.findElement(By.cssSelector("h1.page-title")).getText());
                Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshots.resolve("dashboard.png"),
                        StandardCopyOption.REPLACE_EXISTING);
                assertTrue(browser.findElement(By.cssSelector(".sidebar")).getText().contains("Sample hello"),
                        browser.findElement(By.cssSelector(".sidebar")).getText());
                browser.findElement(By.cssSelector(".topbar .lang-switch button[value=fr]")).click();
                assertEquals("Tableau de bord", titleOnceReloaded(browser, "Tableau de bord"));
                browser.get(panel.baseUrl() + "/plugins/sample/hello");
                assertEquals("Bonjour admin", browser.findElement(By.cssSelector(".content h2")).getText());
                browser.get(panel.baseUrl() + "/domains");
                Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshots.resolve("domains-fr.png"),
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * The page title once the page the click started has loaded: right after the click the old page
     * (and its title element) may still be there, going stale under our hands.
     */
    private static String titleOnceReloaded(WebDriver browser, String expected) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String seen = "";
        while (System.nanoTime() < until) {
            try {
                seen = browser.findElement(By.cssSelector("h1.page-title")).getText();
                if (seen.equals(expected)) {
                    return seen;
                }
            } catch (org.openqa.selenium.StaleElementReferenceException reloading) {
                // the next page replaced it: look again
            }
            Thread.sleep(50);
        }
        return seen;
    }
}
