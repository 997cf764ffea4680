package org.ferry.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Headless Chromium through the system chromedriver, with helpers that find controls the way a user does: by label. */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final WebDriverWait wait;
    private final Path screenshots;
    private final String base;

    /**
     * Selenium warns that it has no CDP bindings for this Chromium; the tests use WebDriver only, so the
     * warning is noise. Held in a field because java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger CDP_WARNINGS = quiet("org.openqa.selenium.chromium.ChromiumDriver");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** Where files the console saves (CSV exports) land. */
    final Path downloads;

    Browser(String base, Path profile, Path screenshots) throws IOException {
        this.base = base;
        this.screenshots = Files.createDirectories(screenshots);
        this.downloads = Files.createDirectories(profile.resolveSibling("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "download.directory_upgrade", true));
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createDirectories(profile), "--window-size=1280,800", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.wait = waitFor(Duration.ofSeconds(20));
    }

    /** Pages that poll re-render while a test waits on them, so an element found a moment ago may be gone. */
    private WebDriverWait waitFor(Duration timeout) {
        WebDriverWait w = new WebDriverWait(driver, timeout);
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    void open(String hash) {
        driver.get(base + "/" + hash);
    }

    void go(String hash) {
        driver.executeScript("location.hash = arguments[0]", hash);
    }

    <T> T await(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    <T> T await(Function<WebDriver, T> condition, Duration timeout) {
        return waitFor(timeout).until(condition);
    }

    WebElement heading(String text) {
        return await(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[contains(normalize-space(), " + literal(text) + ")]")));
    }

    /** The control a label names (the label's own text, without the required marker). */
    WebElement byLabel(String label) {
        WebElement l = await(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//label[normalize-space(text()[normalize-space()][1])=" + literal(label) + "]")));
        String id = l.getAttribute("for");
        return driver.findElement(By.id(id));
    }

    WebElement byAria(String label) {
        return await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[aria-label=" + cssString(label) + "]")));
    }

    WebElement button(String text) {
        return await(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()=" + literal(text) + "]")));
    }

    void click(String buttonText) {
        click(button(buttonText));
    }

    /** Clicks as a user would once a notice in the corner of the window has gone from over the element. */
    void click(WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        await(d -> {
            try {
                element.click();
                return true;
            } catch (org.openqa.selenium.ElementClickInterceptedException covered) {
                return null;
            }
        });
    }

    void type(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    /** Waits for a file the browser saves into {@link #downloads}, complete (no partial download left). */
    Path download(String name, Duration timeout) {
        Path file = downloads.resolve(name);
        await(d -> Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload")) ? file : null, timeout);
        return file;
    }

    /** The open dialog's button of that text. */
    void clickInDialog(String text) {
        click(await(ExpectedConditions.elementToBeClickable(By.xpath("//dialog[@open]//button[normalize-space()=" + literal(text) + "]"))));
    }

    void waitForText(String text) {
        await(ExpectedConditions.presenceOfElementLocated(By.xpath("//*[contains(normalize-space(), " + literal(text) + ")]")));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    Path screenshot(String name) throws IOException {
        Path file = screenshots.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /**
     * What makes the page scroll sideways: the outermost elements reaching past its right edge, leaving out
     * those inside a box that scrolls on its own (tables, tabs). Empty when nothing does.
     */
    String sidewaysOverflow() {
        return String.valueOf(driver.executeScript("""
                const w = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= w) return '';
                const past = (e) => e && e !== document.body && e.getBoundingClientRect().right > w + 1;
                // inside a scroller unless positioned out of it (absolute, with no positioned box in between)
                const scrolls = (e) => {
                  const absolute = getComputedStyle(e).position === 'absolute';
                  let positioned = false;
                  for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
                    const style = getComputedStyle(a);
                    positioned ||= style.position !== 'static';
                    if (['auto', 'scroll', 'hidden'].includes(style.overflowX) && (!absolute || positioned)) return true;
                  }
                  return false;
                };
                const found = [...document.querySelectorAll('body *')].filter((e) => past(e) && !past(e.parentElement) && !scrolls(e))
                  .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)');
                return 'page ' + document.documentElement.scrollWidth + 'px wide in ' + w + 'px: ' + (found.join(', ') || 'no single element');
                """));
    }

    /** An XPath string literal for any text, quotes included. */
    static String literal(String text) {
        if (!text.contains("'")) {
            return "'" + text + "'";
        }
        return "concat('" + text.replace("'", "', \"'\", '") + "')";
    }

    private static String cssString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        driver.quit();
    }
}
