package dev.vigil.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven through
 * Selenium. Without them the test is skipped, unless {@code VIGIL_REQUIRE_BROWSER} is set (CI), where
 * it fails: a missing browser must not pass for a working console.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    final ChromeDriver driver;
    final String base;

    static void assumeAvailable() {
        boolean here = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (System.getenv("VIGIL_REQUIRE_BROWSER") != null && !here) {
            throw new IllegalStateException("VIGIL_REQUIRE_BROWSER is set but " + CHROMIUM + " or " + DRIVER
                    + " is missing: apt-get install chromium chromium-driver");
        }
        Assumptions.assumeTrue(here, "no Chromium here: apt-get install chromium chromium-driver");
    }

    /** @param base the console's address, e.g. http://127.0.0.1:4590/console/ */
    Browser(String base) {
        this.base = base;
        ChromeOptions options = new ChromeOptions();
        // Debian's /usr/bin/chromium is a wrapper script; the binary itself starts the same browser.
        Path binary = Path.of("/usr/lib/chromium/chromium");
        options.setBinary((Files.isExecutable(binary) ? binary : CHROMIUM).toString());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1440,900",
                "--no-first-run",
                "--password-store=basic");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    }

    void open(String fragment) {
        driver.get(base + fragment);
    }

    /** Logs in through the page's form and waits for the alarm page. */
    Browser login(String user, String password) {
        open("");
        waitFor(By.id("login-user")).sendKeys(user);
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        waitFor(By.id("alarms"));
        return this;
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitUntilGone(By by) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.numberOfElementsToBe(by, 0));
    }

    void waitForText(By by, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    /** Goes to a page by its menu link, as a user would. */
    void menu(String page) {
        driver.findElement(By.cssSelector("#nav a[data-page='" + page + "']")).click();
    }

    /** Runs a script that calls its callback (the last argument) and returns what it was given. */
    Object async(String script, Object... args) {
        return driver.executeAsyncScript(script, args);
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path to = SCREENSHOTS.resolve(name + ".png");
            Files.write(to, driver.getScreenshotAs(OutputType.BYTES));
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
