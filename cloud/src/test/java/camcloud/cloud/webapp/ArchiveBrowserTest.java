package camcloud.cloud.webapp;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.video.SceneSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Clock;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.RequestOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's first minute in real Chromium, on a 1366×900 screen, for a US-English browser in
 * India's or Newfoundland's time zone (+05:30 or -03:30, 12-hour clock: a time formatted any other way
 * than the browser's locale and zone shows): it opens playing the most recent recording without a click, zoomed where the
 * recordings are, with the timeline in view; Pause and Play work, and Play works on a day nobody
 * clicked yet; a jump over the camera's outage is announced with the recorder's reason; a day
 * without recordings opens on the latest day that has some. No console errors.
 */
class ArchiveBrowserTest {

    private static final String PASSWORD = "correct horse battery";
    /** Small and quick to encode, an IDR every second: segments close often. */
    private static final SceneSettings SCENE = new SceneSettings(640, 360, 15, 600, 15, 2);
    /** A half-hour zone whose day is not about to end (a test near midnight would span two days). */
    private static final ZoneId ZONE = awayFromMidnight(ZoneId.of("Asia/Kolkata"), ZoneId.of("America/St_Johns"));
    private static final int WIDTH = 1366;
    private static final int HEIGHT = 900;
    private static final double WAIT_MS = 20_000;

    @TempDir
    Path dir;

    private VirtualCamera camera;

    @BeforeEach
    void setUp() throws IOException {
        Chromium.assumeInstalled();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (camera != null) {
            camera.close();
        }
    }

    @Test
    void theArchiveOpensPlayingTheLatestRecordingWithTheTimelineInViewAndAnnouncesAJumpOverAGap() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir);
             Playwright playwright = Chromium.playwright();
             Browser browser = Chromium.launch(playwright)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            camera = cloud.powerOnStreaming(provisioned.flash(), SCENE);
            ApiClient alice = new ApiClient(cloud.httpBase());
            assertThat(alice.signUp("alice", PASSWORD).status()).isEqualTo(201);
            assertThat(alice.claim(provisioned.claimCode(), "Porch").status()).isEqualTo(201);
            String serial = provisioned.serial();

            // A recording, an outage of the camera (a gap with the recorder's reason), a second recording.
            String timelinePath = "/api/cameras/" + serial + "/timeline?day=" + LocalDate.now(ZONE) + "&tz=" + ZONE.getId();
            assertThat(TestCloud.await(Duration.ofSeconds(30), () -> recordedMillis(alice.get(timelinePath).json()) >= 3000))
                    .as("3 s recorded").isTrue();
            long closed = System.currentTimeMillis();
            camera.close();
            Thread.sleep(2500);
            camera = cloud.powerOnStreaming(provisioned.flash(), SCENE);
            assertThat(TestCloud.await(Duration.ofSeconds(30), () -> {
                JsonNode t = alice.get(timelinePath).json();
                JsonNode ranges = t.get("ranges");
                return ranges.size() >= 2 && outageGap(t, closed) != null
                        && millis(ranges.get(ranges.size() - 1), "to") - millis(ranges.get(ranges.size() - 1), "from") >= 3000;
            })).as("a second recording after the outage's gap").isTrue();
            JsonNode timeline = alice.get(timelinePath).json();
            JsonNode lastRange = timeline.get("ranges").get(timeline.get("ranges").size() - 1);
            String gapReason = outageGap(timeline, closed).get("reason").asText();

            BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(WIDTH, HEIGHT).setLocale("en-US").setTimezoneId(ZONE.getId()));
            signIn(context, cloud.httpBase());
            Page page = context.newPage();
            List<String> consoleErrors = Chromium.consoleErrors(page, List.of());
            page.setDefaultTimeout(WAIT_MS);
            page.navigate(cloud.httpBase() + "/#/cameras/" + serial + "/archive");

            // It opens playing the most recent recording: no click anywhere.
            Locator player = page.locator(".player.archive");
            awaitArchivePlaying(page);
            long position = Long.parseLong(player.getAttribute("data-position"));
            assertThat(position).as("playing the latest recording").isGreaterThanOrEqualTo(millis(lastRange, "from") - 1000);

            // The whole timeline is on the screen without scrolling, zoomed so that the recordings show.
            Chromium.shot(page, "archive-1366x900-opens-playing");
            assertThat((Number) page.evaluate("() => window.scrollY")).isEqualTo(0);
            BoundingBox box = page.locator(".timeline").boundingBox();
            assertThat(box.y).as("timeline top").isGreaterThanOrEqualTo(0);
            assertThat(box.y + box.height).as("timeline bottom on a " + WIDTH + "x" + HEIGHT + " screen").isLessThanOrEqualTo(HEIGHT);
            assertThat(page.locator(".zoom button[aria-pressed=true]")).not().hasText("24 h");
            assertThat((Number) page.evaluate("() => { const bars = document.querySelectorAll('.timeline .layer .rec');"
                    + " return bars.length ? bars[bars.length - 1].getBoundingClientRect().width : 0; }"))
                    .as("the latest recording's width on the timeline, px").matches(w -> w.doubleValue() >= 20);

            // One time format, the browser's: US English, 12-hour clock, in the browser's time zone.
            List<?> clock = (List<?>) page.evaluate("() => { const p = document.querySelector('.player.archive');"
                    + " return [p.dataset.position, p.querySelector('.time').textContent]; }");
            String shown = ((String) clock.get(1)).replace('\u202f', ' ');
            String expected = DateTimeFormatter.ofPattern("h:mm:ss a", Locale.US)
                    .format(Instant.ofEpochMilli(Long.parseLong((String) clock.get(0))).atZone(ZONE));
            assertThat(shown).isEqualTo(expected);
            for (String tick : page.locator(".timeline .tick").allTextContents()) {
                assertThat(tick.replace('\u202f', ' ')).matches("\\d{1,2}:\\d{2}(:\\d{2})? [AP]M");
            }
            assertThat(page.locator(".timeline .tick").first()).hasText(Pattern.compile("[AP]M$"));

            // Pause and Play.
            page.locator(".player.archive button[aria-label=Pause]").click();
            assertThat(player).hasAttribute("data-state", "paused");
            page.locator(".player.archive button[aria-label=Play]").click();
            awaitArchivePlaying(page);

            // Play works on a day shown afresh, before any click on the timeline: from the latest recording.
            page.locator("#prev-day").click();
            assertThat(page.locator(".summary")).hasText("Nothing recorded on this day.");
            page.locator("#next-day").click();
            assertThat(player).hasAttribute("data-state", "idle");
            assertThat(player.locator(".overlay")).containsText("Press Play");
            page.locator(".player.archive button[aria-label=Play]").click();
            awaitArchivePlaying(page);

            // From the start of the day: playback jumps to the first recording, then over the outage, and says so.
            page.locator(".timeline .track").focus();
            page.keyboard().press("Home");
            Locator notice = player.locator(".player-notice");
            assertThat(notice).hasAttribute("aria-live", "polite");
            assertThat(notice).containsText("No recording from 12:00:00");
            assertThat(notice).containsText(gapReason, new LocatorAssertions.ContainsTextOptions()
                    .setTimeout(30_000));
            assertThat(notice).containsText("jumped ahead");
            assertThat(notice).isVisible();
            assertThat(player).hasAttribute("data-state", "playing");
            System.out.println("gap announced: " + notice.textContent());
            Chromium.shot(page, "archive-1366x900-gap-announced");

            // The whole day is one click away.
            page.locator(".zoom button", new Page.LocatorOptions().setHasText("24 h")).click();
            assertThat(page.locator(".zoom button[aria-pressed=true]")).hasText("24 h");
            assertThat(page.locator(".timeline .tick").first()).hasText(Pattern.compile("[AP]M$"));
            assertThat(consoleErrors).as("console errors").isEmpty();

            // A day without recordings (the browser's clock a day ahead) opens on the latest day with some.
            BrowserContext tomorrow = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(WIDTH, HEIGHT).setLocale("en-US").setTimezoneId(ZONE.getId()));
            signIn(tomorrow, cloud.httpBase());
            Page later = tomorrow.newPage();
            List<String> laterErrors = Chromium.consoleErrors(later, List.of());
            later.setDefaultTimeout(WAIT_MS);
            later.clock().install(new Clock.InstallOptions().setTime(System.currentTimeMillis() + Duration.ofDays(1).toMillis()));
            later.navigate(cloud.httpBase() + "/#/cameras/" + serial + "/archive");
            assertThat(later.locator("#archive-day")).hasValue(LocalDate.now(ZONE).toString());
            assertThat(later.locator(".player.archive .player-notice")).containsText("Nothing recorded today");
            awaitArchivePlaying(later);
            Chromium.shot(later, "archive-1366x900-latest-day");
            assertThat(laterErrors).as("console errors").isEmpty();
        }
    }

    /** Of the zones given, the one whose time of day is farthest from midnight now. */
    private static ZoneId awayFromMidnight(ZoneId... zones) {
        ZoneId best = zones[0];
        int bestDistance = -1;
        for (ZoneId zone : zones) {
            int minute = java.time.LocalTime.now(zone).toSecondOfDay() / 60;
            int distance = Math.min(minute, 24 * 60 - minute);
            if (distance > bestDistance) {
                best = zone;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Signs the browser context in through the API (the cookie lands in the context). */
    private static void signIn(BrowserContext context, String base) {
        var response = context.request().post(base + "/api/auth/signin", RequestOptions.create()
                .setHeader("Origin", base).setData(Map.of("username", "alice", "password", PASSWORD)));
        assertThat(response.status()).isEqualTo(200);
    }

    /** Waits until the archive player plays: state playing, a picture, and its playhead moving. */
    private static void awaitArchivePlaying(Page page) {
        page.waitForFunction("() => { const p = document.querySelector('.player.archive'); const v = p && p.querySelector('video');"
                + " return p && p.dataset.state === 'playing' && v.videoWidth > 0; }",
                null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
        double t = ((Number) page.evaluate("() => document.querySelector('.player.archive video').currentTime")).doubleValue();
        page.waitForFunction("t => document.querySelector('.player.archive video').currentTime > t + 1", t,
                new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
    }

    /** The gap the camera's outage left: the first one that ends after the camera was switched off. */
    private static JsonNode outageGap(JsonNode timeline, long closedMillis) {
        for (JsonNode g : timeline.get("gaps")) {
            if (millis(g, "to") > closedMillis) {
                return g;
            }
        }
        return null;
    }

    private static long recordedMillis(JsonNode timeline) {
        long total = 0;
        for (JsonNode r : timeline.get("ranges")) {
            total += millis(r, "to") - millis(r, "from");
        }
        return total;
    }

    private static long millis(JsonNode node, String field) {
        return OffsetDateTime.parse(node.get(field).asText()).toInstant().toEpochMilli();
    }
}
