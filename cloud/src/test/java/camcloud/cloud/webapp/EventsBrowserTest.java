package camcloud.cloud.webapp;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.RequestOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events and camera control in real Chromium, over a real cloud and a camera whose scripted scene
 * produces motion and sound on cue: the grid shows snapshot cards and opens no live stream; the
 * events view shows the camera's events with their snapshots, filters them by type, and a click
 * plays the moment in the archive; a new event shows as a live badge on the camera's card and in
 * the top bar; the PTZ pad moves the camera (its reported position changes); a zone drawn on the
 * picture is saved in the camera's settings; a viewer of a share sees events but no controls. No
 * console errors on the way. Screenshots go to {@code target/screenshots/events-*}.
 */
class EventsBrowserTest {

    private static final String PASSWORD = "correct horse battery";
    private static final double WAIT_MS = 30_000;
    /** Motion and sound every 20 s, from 4 s after the camera starts: events arrive while the page is open. */
    private static final String SCRIPT = "4s object enters left speed 0.5\n12s noise -10dBFS 2s\nloop 20s\n";

    @TempDir
    Path dir;

    private final List<List<String>> consoleErrors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws java.io.IOException {
        Chromium.assumeInstalled();
        // a camera's first picture, its next event: seconds away, not Playwright's default 5 s
        PlaywrightAssertions.setDefaultAssertionTimeout(WAIT_MS);
    }

    @AfterEach
    void tearDown() {
        PlaywrightAssertions.setDefaultAssertionTimeout(5_000);
    }

    @Test
    void aScriptedCamerasEventsShowLiveInTheGridAndTheEventsViewFilterByTypeAndPlayInTheArchive() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir);
             Playwright playwright = Chromium.playwright();
             Browser browser = Chromium.launch(playwright)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            try (ScriptedCamera camera = new ScriptedCamera(provisioned.flash(), dir, SCRIPT)) {
                String serial = provisioned.serial();
                ApiClient alice = claim(cloud, provisioned, "Yard");
                assertThat(new ApiClient(cloud.httpBase()).signUp("viktor", PASSWORD).status()).isEqualTo(201);
                assertThat(alice.post("/api/cameras/" + serial + "/shares", Map.of("username", "viktor")).status())
                        .isEqualTo(201);
                Page page = open(browser, cloud, "alice");
                List<String> sockets = new CopyOnWriteArrayList<>();
                page.onWebSocket(ws -> sockets.add(ws.url()));

                // The grid: the camera's latest picture, refreshed; no live stream for a card.
                page.navigate(cloud.httpBase() + "/#/");
                Locator card = page.locator(".camera-card[data-serial='" + serial + "']");
                assertThat(card.locator(".snapshot")).hasAttribute("data-state", "picture");
                String loadedAt = card.locator(".snapshot").getAttribute("data-loaded-at");
                page.waitForFunction("([s, t]) => document.querySelector(`.camera-card[data-serial='${s}'] .snapshot`)"
                        + ".dataset.loadedAt !== t", List.of(serial, loadedAt), new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
                assertThat((Number) card.locator("img.snapshot-img").evaluate("img => img.naturalWidth"))
                        .matches(w -> w.intValue() > 0);
                assertThat(card.locator("video")).hasCount(0);
                assertThat(page.locator("html")).hasAttribute("data-push", "open");

                // A new event while the grid is open: a badge on the card and in the top bar.
                assertThat(card.locator(".unseen-badge")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(45_000));
                assertThat(card.locator(".unseen-badge")).hasText(Pattern.compile("^[1-9]\\d*$"));
                assertThat(page.locator("#events-unseen")).isVisible();
                assertThat(sockets).as("WebSockets the grid opened").isEmpty();
                Chromium.shot(page, "events-01-grid-snapshots-and-badge");

                // The events view: the camera's events with their snapshots; opening it clears the badge.
                page.locator("#events-link").click();
                Locator events = page.locator("#event-list .event-card");
                assertThat(events.first()).isVisible();
                assertThat(page.locator("#events-unseen")).isHidden();
                page.waitForFunction("() => [...document.querySelectorAll('#event-list img.event-snapshot')]"
                        + ".some(i => i.complete && i.naturalWidth > 0)", null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
                assertThat(TestCloud.await(Duration.ofSeconds(45), () -> hasEventOfType(alice, serial, "sound")))
                        .as("a sound event").isTrue();
                Chromium.shot(page, "events-02-events-view");

                // Filter by type: only sound, then only motion.
                page.locator(".type-chip[data-type=sound]").click();
                assertThat(page.locator("#event-list .event-card[data-type=sound]").first()).isVisible();
                assertThat(page.locator("#event-list .event-card:not([data-type=sound])")).hasCount(0);
                page.locator(".type-chip[data-type=sound]").click();
                page.locator(".type-chip[data-type=motion]").click();
                Locator motion = page.locator("#event-list .event-card[data-type=motion]").first();
                assertThat(motion).isVisible();
                assertThat(page.locator("#event-list .event-card:not([data-type=motion])")).hasCount(0);
                Chromium.shot(page, "events-03-filtered-motion");

                // A click plays the moment in the archive: the player starts a few seconds before the event.
                long start = Long.parseLong(motion.getAttribute("data-start"));
                motion.locator("button.event-open").click();
                assertThat(page.locator("#tab-archive")).hasAttribute("aria-current", "page");
                page.waitForFunction("() => { const p = document.querySelector('.player.archive'); const v = p && p.querySelector('video');"
                        + " return p && (p.dataset.state === 'playing' || p.dataset.state === 'paused') && v.videoWidth > 0 && p.dataset.position; }",
                        null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
                long position = Long.parseLong(page.locator(".player.archive").getAttribute("data-position"));
                assertThat(position).as("the archive's playhead against the event's start " + start)
                        .isBetween(start - 10_000, start + 3_000);
                assertThat(page.locator(".timeline .event-marker.kind-motion").first()).isVisible();
                Chromium.shot(page, "events-04-archive-at-the-event");

                // A viewer of the share sees the events, and no controls.
                Page viewer = open(browser, cloud, "viktor");
                viewer.navigate(cloud.httpBase() + "/#/cameras/" + serial + "/events");
                assertThat(viewer.locator("#event-list .event-card").first()).isVisible();
                viewer.locator("#tab-live").click();
                viewer.waitForFunction("() => document.querySelector('.player.live')?.dataset.state === 'playing'", null,
                        new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
                assertThat(viewer.locator("#ptz")).hasCount(0);
                assertThat(viewer.locator("#tab-settings")).isHidden();
                Chromium.shot(viewer, "events-05-viewer-events-no-controls");

                assertThat(consoleErrors).as("console errors").allMatch(List::isEmpty);
            }
        }
    }

    @Test
    void theOwnerPansTheCameraWithThePadAndDrawsAZoneThatIsSavedInItsSettings() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir);
             Playwright playwright = Chromium.playwright();
             Browser browser = Chromium.launch(playwright)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            try (ScriptedCamera camera = new ScriptedCamera(provisioned.flash(), dir, SCRIPT)) {
                String serial = provisioned.serial();
                ApiClient alice = claim(cloud, provisioned, "Drive");
                Page page = open(browser, cloud, "alice");

                // The PTZ pad on the live view moves the camera: its reported position changes.
                page.navigate(cloud.httpBase() + "/#/cameras/" + serial + "/live");
                Locator ptz = page.locator("#ptz");
                assertThat(ptz).isVisible();
                assertThat(ptz).hasAttribute("data-pan", Pattern.compile("."));
                double panBefore = Double.parseDouble(ptz.getAttribute("data-pan"));
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pan right").setExact(true)).click();
                page.waitForFunction("p => Number(document.querySelector('#ptz').dataset.pan) >= p + 5", panBefore,
                        new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
                double reported = alice.get("/api/cameras/" + serial + "/settings").json().get("state").get("ptz.pan_deg").asDouble();
                assertThat(reported).as("pan the camera reports").isGreaterThanOrEqualTo(panBefore + 5);
                // The current view saved as a preset shows in the list.
                page.locator("#preset-name").fill("Gate");
                page.locator("#save-preset").click();
                assertThat(page.locator("#preset-list li.preset[data-name=Gate]")).isVisible();
                Chromium.shot(page, "events-06-live-ptz");

                // A zone drawn on the picture is saved in the camera's settings.
                page.locator("#tab-settings").click();
                Locator canvas = page.locator("#zone-canvas");
                canvas.scrollIntoViewIfNeeded();
                assertThat(canvas).hasAttribute("data-picture", "true");
                BoundingBox box = canvas.boundingBox();
                page.mouse().move(box.x + box.width * 0.1, box.y + box.height * 0.2);
                page.mouse().down();
                page.mouse().move(box.x + box.width * 0.3, box.y + box.height * 0.4, new Mouse.MoveOptions().setSteps(5));
                page.mouse().move(box.x + box.width * 0.4, box.y + box.height * 0.6, new Mouse.MoveOptions().setSteps(5));
                page.mouse().up();
                Locator zone = page.locator("#zone-list li.zone");
                assertThat(zone).hasCount(1);
                zone.locator("input.zone-name").fill("Door");
                zone.locator("select.zone-kind").selectOption("mask");
                assertThat(canvas.locator(".zone-rect.mask")).hasAttribute("data-name", "Door");
                page.locator("#detection-form-save").click();
                assertThat(page.locator("#detection-form-message")).hasText("Saved on the camera.");
                String zones = alice.get("/api/cameras/" + serial + "/settings").json().get("settings").get("motion.zones").asText();
                assertThat(zones).startsWith("Door:mask:");
                String[] xywh = zones.substring("Door:mask:".length()).split(",");
                assertThat(Double.parseDouble(xywh[0])).isCloseTo(0.1, Offset.offset(0.02));
                assertThat(Double.parseDouble(xywh[1])).isCloseTo(0.2, Offset.offset(0.02));
                assertThat(Double.parseDouble(xywh[2])).isCloseTo(0.3, Offset.offset(0.02));
                assertThat(Double.parseDouble(xywh[3])).isCloseTo(0.4, Offset.offset(0.02));
                Chromium.shot(page, "events-07-zone-saved");

                assertThat(consoleErrors).as("console errors").allMatch(List::isEmpty);
            }
        }
    }

    /** Alice signs up and claims the camera under {@code name}; her API client. */
    private static ApiClient claim(TestCloud cloud, TestCloud.Provisioned provisioned, String name) {
        ApiClient alice = new ApiClient(cloud.httpBase());
        assertThat(alice.signUp("alice", PASSWORD).status()).isEqualTo(201);
        assertThat(alice.claim(provisioned.claimCode(), name).status()).isEqualTo(201);
        return alice;
    }

    /** A page of a new browser context signed in as {@code username}, its console watched. */
    private Page open(Browser browser, TestCloud cloud, String username) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 900).setLocale("en-US").setTimezoneId("UTC"));
        var response = context.request().post(cloud.httpBase() + "/api/auth/signin", RequestOptions.create()
                .setHeader("Origin", cloud.httpBase()).setData(Map.of("username", username, "password", PASSWORD)));
        assertThat(response.status()).isEqualTo(200);
        Page page = context.newPage();
        page.setDefaultTimeout(WAIT_MS);
        // a 404 for a snapshot the camera had not produced yet: the card says so
        consoleErrors.add(Chromium.consoleErrors(page, List.of("/snapshot.jpg")));
        return page;
    }

    private static boolean hasEventOfType(ApiClient client, String serial, String type) {
        JsonNode page = client.get("/api/cameras/" + serial + "/events?type=" + type + "&limit=1").json();
        return page != null && page.has("events") && !page.get("events").isEmpty();
    }
}
