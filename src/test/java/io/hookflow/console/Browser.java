package io.hookflow.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its own chromedriver: Selenium Manager never runs, and the
 * browser resolves no name but 127.0.0.1, so a test cannot reach past this machine.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String MISSING = "console browser tests skipped: /usr/bin/chromium or /usr/bin/chromedriver is absent "
            + "(apt-get install -y chromium chromium-driver; .ci/run installs them)";
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final ChromeDriver driver;
    private final URL base;
    private final Path profile;

    private Browser(ChromeDriver driver, URL base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** Skips the calling test class without a browser, unless HOOKFLOW_IT_BROWSER=required (CI): then it fails. */
    static void assumeAvailable() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "required".equals(System.getenv("HOOKFLOW_IT_BROWSER"))) {
            throw new IllegalStateException("HOOKFLOW_IT_BROWSER=required but " + MISSING);
        }
        if (!present) {
            System.out.println("[hookflow-it] " + MISSING);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(present, MISSING);
    }

    static Browser open(URL base) {
        System.setProperty("SE_OFFLINE", "true");
        try {
            Path profile = Files.createTempDirectory("hookflow-chromium");
            var options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1280,800", "--user-data-dir=" + profile.resolve("data"),
                    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
            var logging = new LoggingPreferences();
            logging.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logging);
            var service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    // chromium writes crash reports under $HOME: keep them in the throwaway profile
                    .withEnvironment(Map.of("HOME", profile.toString(), "SE_OFFLINE", "true"))
                    .build();
            return new Browser(new ChromeDriver(service, options), base, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens a console path such as {@code #/events?status=failed}. */
    Browser visit(String consolePath) {
        driver.get(base.toString().replaceAll("/$", "") + "/console/" + consolePath);
        return this;
    }

    /** Signs in through the Token field, as a person pasting a token would. */
    Browser signInWithToken(String token) {
        visit("");
        WebElement field = waitFor(By.id("token"));
        field.sendKeys(token);
        driver.findElement(By.id("token-sign-in")).click();
        waitFor(By.cssSelector("#top:not([hidden])"));
        return this;
    }

    WebElement waitFor(By locator) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    void waitForText(By locator, String text) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(60));
    }

    /** The page's console messages at SEVERE level, the API's 4xx answers left out (they are answers, not script errors; a console asset that fails to load still counts). */
    List<String> scriptErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("Failed to load resource") || message.contains("/console/"))
                .toList();
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp profile is harmless
        }
    }
}
