package camcloud.cloud.webapp;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;

/**
 * The system's Chromium ({@code /usr/bin/chromium}) under Playwright for the web app's browser tests:
 * offline (no browser download), with every console error collected and screenshots written to
 * {@code target/screenshots/}. Tests skip when Chromium is missing, unless {@code CI=true}.
 */
final class Chromium {

    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    static final Path SHOTS = Path.of("target", "screenshots");

    private Chromium() {
    }

    /** Skips the test when Chromium is not installed, except on CI, where it must be. */
    static void assumeInstalled() throws IOException {
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isExecutable(EXECUTABLE), "Chromium is not installed (" + EXECUTABLE + ")");
        }
        Files.createDirectories(SHOTS);
    }

    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    /**
     * Collects the page's console errors and uncaught exceptions, except the browser's own line for an
     * API answer of 4xx to one of {@code provokedPaths} (a request the test made fail on purpose).
     */
    static List<String> consoleErrors(Page page, List<String> provokedPaths) {
        List<String> errors = new CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> {
            boolean provoked = m.text().startsWith("Failed to load resource: the server responded with a status of 4")
                    && provokedPaths.stream().anyMatch(p -> m.location().contains(p));
            if ("error".equals(m.type()) && !provoked) {
                errors.add(m.text() + " at " + m.location());
            }
        });
        page.onPageError(e -> errors.add("uncaught: " + e));
        return errors;
    }

    /** What the viewport shows (not the whole page): what a person sees without scrolling. */
    static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")));
    }
}
