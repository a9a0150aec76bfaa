package camcloud.cloud.webapp;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * The system's Chromium driven by Playwright, as the browser tests use it: offline (no browser
 * download), headless, without the background traffic this machine's closed network refuses;
 * screenshots into {@code target/screenshots/}; console errors collected.
 */
final class Chromium implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    static final Path SHOTS = Path.of("target", "screenshots");

    final Playwright playwright;
    final Browser browser;

    private Chromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Skips the test when Chromium is missing, unless {@code CI=true} ({@code .ci/run} installs it). */
    static void assumeInstalled() {
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE), "Chromium is not installed (" + EXECUTABLE + ")");
        }
    }

    static Chromium launch() {
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(EXECUTABLE).setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync")));
            return new Chromium(playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** Collects the page's console errors and uncaught exceptions into {@code errors}, but those {@code expected} says are provoked. */
    static void watchConsole(Page page, List<String> errors, Predicate<com.microsoft.playwright.ConsoleMessage> expected) {
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type()) && !expected.test(m)) {
                errors.add(m.text() + " at " + m.location());
            }
        });
        page.onPageError(e -> errors.add("uncaught: " + e));
    }

    static void shot(Page page, String name) {
        try {
            Files.createDirectories(SHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
