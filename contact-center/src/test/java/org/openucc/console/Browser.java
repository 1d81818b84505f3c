package org.openucc.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (the Debian {@code chromium} package) driven through
 * {@code /usr/bin/chromedriver}, with a fresh profile and nothing that talks to the network but the
 * page's own server. Missing binaries fail the test with the package to install: a console test that
 * silently skips tests nothing.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    private Browser(ChromeDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    static Browser open(int port) {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError(binary + " is missing: the console's browser tests need the Debian packages"
                        + " 'chromium' and 'chromium-driver' (apt-get install chromium chromium-driver; .ci/run does)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("openucc-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--autoplay-policy=no-user-gesture-required", "--lang=en-US",
                "--user-data-dir=" + profile, "--window-size=1400,1000");
        // The page's console, to fail on script errors and Content-Security-Policy violations.
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1400, 1000));
        return new Browser(driver, profile, "http://127.0.0.1:" + port);
    }

    void go(String path) {
        driver.get(base + path);
    }

    void logIn(String username, String password) {
        go("/");
        find("#username").sendKeys(username);
        find("#password").sendKeys(password);
        find("#login-submit").click();
    }

    WebElement find(String css) {
        return until(d -> d.findElement(By.cssSelector(css)), "element " + css);
    }

    void click(String css) {
        until(d -> {
            try {
                WebElement e = d.findElement(By.cssSelector(css));
                if (!e.isDisplayed() || !e.isEnabled()) {
                    return null;
                }
                e.click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
                return null; // the page drew the element anew between finding and clicking: click the new one
            }
        }, "a visible, enabled " + css);
    }

    /** Waits until the element's text contains the expected text (waiting, never sleeping). */
    void waitForText(String css, String expected) {
        until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.stream().anyMatch(e -> e.getText().contains(expected)) ? true : null;
        }, css + " containing '" + expected + "'");
    }

    void waitForAttribute(String css, String attribute, String expected) {
        until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.stream().anyMatch(e -> expected.equals(e.getDomAttribute(attribute))) ? true : null;
        }, css + " with " + attribute + "=" + expected);
    }

    void waitForVisible(String css, boolean visible) {
        until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            boolean shown = found.stream().anyMatch(WebElement::isDisplayed);
            return shown == visible ? true : null;
        }, css + (visible ? " to show" : " to hide"));
    }

    boolean isVisible(String css) {
        return driver.findElements(By.cssSelector(css)).stream().anyMatch(WebElement::isDisplayed);
    }

    /**
     * Errors the pages logged so far (script errors, CSP violations, failed loads); reading clears them.
     * The login page's probe for an existing session ({@code /api/auth/me} answering 401) is expected.
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage())
                .filter(m -> !(m.contains("/api/auth/me ") && m.contains("401")))
                .toList();
    }

    int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    String text(String css) {
        return find(css).getText();
    }

    /** Alt+key, as an agent presses a shortcut. */
    void altKey(String key) {
        new Actions(driver).keyDown(Keys.ALT).sendKeys(key).keyUp(Keys.ALT).perform();
    }

    /** Types into the page's prompt() dialog and confirms it. */
    void answerPrompt(String text) {
        org.openqa.selenium.Alert alert = until(d -> {
            try {
                return d.switchTo().alert();
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return null;
            }
        }, "a prompt dialog");
        alert.sendKeys(text);
        alert.accept();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    String currentPath() {
        return driver.getCurrentUrl().substring(base.length());
    }

    /** Files the page downloads go to {@code dir} (headless Chromium asks no one). */
    void downloadsTo(Path dir) {
        driver.executeCdpCommand("Browser.setDownloadBehavior", java.util.Map.of("behavior", "allow",
                "downloadPath", dir.toAbsolutePath().toString(), "eventsEnabled", true));
    }

    /** Picks the option with this value in a select, as a person does (in the select drawn now, if drawn anew). */
    void select(String css, String value) {
        until(d -> {
            try {
                new org.openqa.selenium.support.ui.Select(d.findElement(By.cssSelector(css))).selectByValue(value);
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException rerendered) {
                return null;
            }
        }, "a select " + css + " with the option " + value);
    }

    /**
     * A DOM property of the element (e.g. a select's {@code value}, a button's {@code disabled}), read in one step in
     * the page: a view that draws its rows anew (the wallboard, on every figure pushed) cannot swap the element
     * between finding it and reading it.
     */
    Object property(String css, String name) {
        return until(d -> {
            Object v = ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                    "const e = document.querySelector(arguments[0]); return e ? [e[arguments[1]]] : null;", css, name);
            return v instanceof List<?> l ? java.util.Optional.ofNullable(l.get(0)) : null;
        }, "element " + css).orElse(null);
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the screenshot " + file, e);
        }
    }

    <T> T until(Function<WebDriver, T> condition, String what) {
        try {
            return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + " on " + driver.getCurrentUrl()
                    + "; the page says: " + pageText(), e);
        }
    }

    private String pageText() {
        try {
            return driver.findElement(By.tagName("body")).getText();
        } catch (RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp profile left behind is harmless; the test result does not depend on it
        }
    }
}
