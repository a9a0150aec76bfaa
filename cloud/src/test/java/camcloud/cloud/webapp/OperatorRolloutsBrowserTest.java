package camcloud.cloud.webapp;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.firmware.build.BuildInputs;
import camcloud.firmware.build.BuildOutput;
import camcloud.firmware.build.BuildRequest;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator dashboard ({@code #/operator}) in real Chromium against the real rollout API: without
 * the operator token nothing is shown and the API refuses; a wrong token is refused with a message;
 * signed in, a rollout shows its waves (with the API's camera numbers) and counts, and the operator
 * starts, pauses and resumes it with the page's controls — each change visible in the API.
 */
class OperatorRolloutsBrowserTest {

    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0); // TestCloud.provision's model
    private static final double WAIT_MS = 20_000;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws Exception {
        Chromium.assumeInstalled();
    }

    @Test
    void operatorSignsInSeesWavesAndCountsAndPausesAndResumes() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir);
             Playwright playwright = Chromium.playwright();
             Browser browser = Chromium.launch(playwright)) {
            publish(cloud, "9.1.0");
            for (int i = 0; i < 4; i++) {
                cloud.provision(); // offline cameras: offered the version, they wait for their next connection
            }
            ApiClient operator = new ApiClient(cloud.httpBase(),
                    Map.of("Authorization", "Bearer " + cloud.server().operatorToken()));
            ApiClient.Response created = operator.post("/api/operator/rollouts", Map.of("model", MODEL.id(),
                    "version", "9.1.0", "waves", List.of(Map.of("percent", 50), Map.of("percent", 100)), "start", false));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String id = created.json().get("id").asText();
            assertThat(new ApiClient(cloud.httpBase()).get("/api/operator/rollouts").status())
                    .as("no operator token").isEqualTo(401);

            Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860)).newPage();
            List<String> errors = Chromium.consoleErrors(page, List.of("/api/operator/rollouts", "/api/me"));
            page.setDefaultTimeout(WAIT_MS);
            page.navigate(cloud.httpBase() + "/#/operator");

            // Without the token: the sign-in form and nothing else; a wrong token is refused.
            assertThat(page.locator("#operator-signin-title")).hasText("Operator sign-in");
            assertThat(page.locator(".rollout")).hasCount(0);
            page.getByLabel("Operator token").fill("not-the-token");
            page.locator("#operator-signin button[type=submit]").click();
            assertThat(page.locator("#operator-signin-message")).containsText("The cloud refused this token");
            assertThat(page.locator(".rollout")).hasCount(0);
            Chromium.shot(page, "operator-01-sign-in-refused");

            // Signed in: the rollout, its waves with the API's camera numbers, its counts.
            page.getByLabel("Operator token").fill(cloud.server().operatorToken());
            page.locator("#operator-signin button[type=submit]").click();
            Locator card = page.locator(".rollout[data-id='" + id + "']");
            assertThat(card).hasAttribute("data-state", "draft");
            assertThat(card.locator("h2")).hasText("#" + id + " · " + MODEL.id() + " 9.1.0");
            JsonNode rollout = operator.get("/api/operator/rollouts/" + id).json();
            assertThat(card.locator(".wave")).hasCount(rollout.get("waves").size());
            assertThat(rollout.get("waves").size()).isEqualTo(2);
            for (JsonNode w : rollout.get("waves")) {
                assertThat(card.locator(".wave[data-index='" + w.get("index").asText() + "'] .wave-numbers"))
                        .containsText("/" + w.get("cameras").asInt() + " healthy");
            }
            int cameras = 0;
            for (JsonNode n : rollout.get("counts")) {
                cameras += n.asInt();
            }
            assertThat(cameras).isEqualTo(4);
            assertThat(card.locator(".counts .count-chip")).not().hasCount(0);
            Chromium.shot(page, "operator-02-draft");

            // The controls: start, pause, resume — each the API's state, and the page follows.
            card.locator("#rollout-" + id + "-start").click();
            assertThat(card).hasAttribute("data-state", "running");
            assertThat(state(operator, id)).isEqualTo("running");
            card.locator("#rollout-" + id + "-pause").click();
            assertThat(card).hasAttribute("data-state", "paused");
            assertThat(state(operator, id)).isEqualTo("paused");
            Chromium.shot(page, "operator-03-paused");
            card.locator("#rollout-" + id + "-resume").click();
            assertThat(card).hasAttribute("data-state", "running");
            assertThat(state(operator, id)).isEqualTo("running");

            // Forgetting the token shows nothing again.
            page.locator("#operator-signout").click();
            assertThat(page.locator("#operator-signin-title")).isVisible();
            assertThat(page.locator(".rollout")).hasCount(0);
            assertThat(errors).isEmpty();
        }
    }

    private static String state(ApiClient operator, String id) {
        return operator.get("/api/operator/rollouts/" + id).json().get("state").asText();
    }

    private void publish(TestCloud cloud, String version) throws Exception {
        SigningKey key = SigningKey.generate();
        cloud.server().firmware().repository().trust(key.trustedKey());
        Path bundle = BuildOutput.write(List.of(MODEL), new BuildRequest(FirmwareVersion.parse(version), 0, 0,
                BuildInputs.standIns()), key, dir.resolve("out")).get(0).bundle();
        try (InputStream in = Files.newInputStream(bundle)) {
            cloud.server().firmware().repository().publish(in);
        }
    }
}
