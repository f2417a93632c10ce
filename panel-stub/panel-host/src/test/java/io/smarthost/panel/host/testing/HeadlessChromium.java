package io.smarthost.panel.host.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and ChromeDriver for browser tests, set up as STACK.md found necessary: the system
 * driver (so Selenium Manager never downloads anything), no background networking, and HOME/XDG folders
 * inside the test's temp folder (Chromium writes there even with its own profile folder). Fails loudly
 * when the browser is not installed.
 */
public final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** A new headless browser with its own profile under {@code temp}, window {@code width x height}. */
    public static ChromeDriver start(Path temp, int width, int height) throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "browser tests need Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver "
                        + "(./panel test does it)");
        Path profile = Files.createDirectories(temp.resolve("chromium-home"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .withEnvironment(Map.of("HOME", profile.toString(), "XDG_CONFIG_HOME", profile.resolve("config").toString(),
                        "XDG_CACHE_HOME", profile.resolve("cache").toString()))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile.resolve("profile"), "--window-size=" + width + "," + height, "--lang=en");
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return driver;
    }
}
