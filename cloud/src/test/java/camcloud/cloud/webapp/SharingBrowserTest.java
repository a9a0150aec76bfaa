package camcloud.cloud.webapp;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.recording.RecorderSettings;
import camcloud.cloud.recording.SegmentIndex;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owner and viewer in two real Chromium sessions: the owner shares a streaming camera from its
 * settings, the viewer watches it live (view only: no settings), the owner removes the share and the
 * viewer's picture ends at once with the reason; the owner then releases the camera keeping its
 * recordings, finds it in the grid as a released camera that opens on those recordings, and changes
 * their password. No console errors on the way.
 */
class SharingBrowserTest {

    private static final String PASSWORD = "correct horse battery";
    private static final double WAIT_MS = 20_000;

    @TempDir
    Path dir;

    private final List<List<String>> consoleErrors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void needsChromium() throws java.io.IOException {
        Chromium.assumeInstalled();
    }

    @Test
    void aViewerWatchesUntilTheShareIsRemovedAndAReleasedCameraKeepsItsRecordingsForItsFormerOwner() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir, c -> c.withRecording(c.recording().withRecorder(
                     RecorderSettings.DEFAULT.withSegmentMicros(1_000_000))));
             Playwright playwright = Chromium.playwright();
             Browser browser = Chromium.launch(playwright)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            cloud.powerOnStreaming(provisioned.flash());
            ApiClient olga = new ApiClient(cloud.httpBase());
            assertThat(olga.signUp("olga", PASSWORD).status()).isEqualTo(201);
            assertThat(olga.claim(provisioned.claimCode(), "Garden").status()).isEqualTo(201);
            assertThat(new ApiClient(cloud.httpBase()).signUp("viktor", PASSWORD).status()).isEqualTo(201);
            String serial = provisioned.serial();

            Page owner = signIn(browser, cloud, "olga");
            Page viewer = signIn(browser, cloud, "viktor");

            // The owner shares the camera from its settings.
            owner.navigate(cloud.httpBase() + "/#/cameras/" + serial + "/settings");
            assertThat(owner.locator("#share-list")).containsText("Not shared with anyone");
            owner.getByLabel("Share with (their camcloud username)").fill("viktor");
            owner.locator("#share-button").click();
            assertThat(owner.locator("#share-message")).containsText("viktor can now view this camera");
            assertThat(owner.locator("#share-list li.share")).hasCount(1);
            Chromium.shot(owner, "sharing-01-owner-shares");

            // The viewer sees it in the grid as shared, watches it live, and has no settings.
            viewer.navigate(cloud.httpBase() + "/#/");
            Locator card = viewer.locator(".camera-card[data-serial='" + serial + "']");
            assertThat(card.locator(".meta")).hasText("Shared by olga · view only");
            card.locator("a").click();
            viewer.waitForFunction("() => document.querySelector('.player.live')?.dataset.state === 'playing'", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            assertThat(viewer.locator("#tab-settings")).isHidden();
            assertThat(viewer.locator("#camera-role")).containsText("Shared with you by olga");
            Chromium.shot(viewer, "sharing-02-viewer-live");

            // The owner removes the share: the viewer's live picture ends at once, with the reason.
            owner.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop sharing with viktor")).click();
            assertThat(owner.locator("#share-message")).containsText("viktor no longer sees this camera");
            assertThat(viewer.locator(".tab-body")).containsText("This camera is not in your list",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
            Chromium.shot(viewer, "sharing-03-viewer-access-ended");

            // The owner releases it keeping the recordings: a released camera in the grid, opening on them.
            SegmentIndex index = new SegmentIndex(cloud.server().database());
            assertThat(TestCloud.await(Duration.ofSeconds(30),
                    () -> !index.segments(serial, Long.MIN_VALUE, Long.MAX_VALUE).isEmpty())).isTrue();
            owner.locator("#release-button").click();
            assertThat(owner.locator("#release-confirm")).isDisabled();
            owner.locator("#release-keep").check();
            Chromium.shot(owner, "sharing-04-release-keep");
            owner.locator("#release-confirm").click();
            assertThat(owner.locator("#notice")).containsText("Its recordings stay in your list");
            Locator released = owner.locator(".camera-card[data-serial='" + serial + "']");
            assertThat(released).hasAttribute("data-access", "former");
            assertThat(released.locator(".state")).hasText("Released");
            released.locator("a").click();
            assertThat(owner.locator("#camera-role")).containsText("You released this camera");
            assertThat(owner.locator("#tab-live")).isHidden();
            assertThat(owner.locator("#tab-archive")).hasAttribute("aria-current", "page");
            Chromium.shot(owner, "sharing-05-former-owner-archive");

            // The account page changes the password.
            owner.locator("#account-link").click();
            owner.getByLabel("Current password").fill(PASSWORD);
            owner.getByLabel("New password").fill("a brand new passphrase");
            owner.locator("#change-password").click();
            assertThat(owner.locator("#password-message")).containsText("Password changed");
            Chromium.shot(owner, "sharing-06-password-changed");

            assertThat(consoleErrors).as("console errors").allMatch(List::isEmpty);
        }
    }

    private Page signIn(Browser browser, TestCloud cloud, String name) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
        Page page = context.newPage();
        page.setDefaultTimeout(WAIT_MS);
        // The "who am I" before signing in, and the camera a viewer lost, answer 401 and 404 on purpose.
        consoleErrors.add(Chromium.consoleErrors(page, List.of("/api/me", "/api/cameras/")));
        page.navigate(cloud.httpBase() + "/");
        page.getByLabel("Username").fill(name);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.locator("#username")).hasText(name);
        return page;
    }
}
