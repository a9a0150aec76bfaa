package camcloud.cloud.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.firmware.bundle.SigningKey;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts over a fleet of 200 in-process virtual cameras on a real node, over real sockets: each
 * camera downloads the bundle over HTTPS, writes its flash, reboots through U-Boot, comes back and
 * records. One fleet for the whole story, in order: a bad build (one camera in five refuses it)
 * pauses itself, going back restores the failed cameras, a good release rolls through every wave QA
 * first, pause/resume and a camera offline during its wave, and cancel.
 *
 * <p>One camera in five pinned only the first publishing key at the factory and the cloud lost that
 * record (as for cameras provisioned before it kept them): a build signed with the second key is let
 * through by the cloud and refused by those cameras themselves after downloading it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutFleetTest {

    private static final int CAMERAS = 200;
    private static final Duration WAIT = Duration.ofSeconds(240);

    RolloutFleet fleet;
    SigningKey keyA;
    SigningKey keyB;
    final List<String> pinnedOnlyA = new ArrayList<>();
    final List<String> qa = new ArrayList<>();
    final List<String> siteB = new ArrayList<>();

    @BeforeAll
    void fleet(@TempDir Path dir) throws Exception {
        fleet = RolloutFleet.start(dir);
        keyA = fleet.trustNewKey();
        pinnedOnlyA.addAll(fleet.provision(CAMERAS / 5));
        keyB = fleet.trustNewKey();
        List<String> both = fleet.provision(CAMERAS - CAMERAS / 5);
        qa.addAll(both.subList(0, 5));
        siteB.addAll(both.subList(5, 35));
        fleet.tag("qa", qa);
        fleet.tag("site-b", siteB);
        for (String serial : fleet.serials) {
            fleet.powerOn(serial);
        }
        assertThat(TestCloud.await(Duration.ofSeconds(120),
                () -> fleet.cloud.server().presence().count() == CAMERAS)).as("every camera online").isTrue();
        // the cloud forgets what the first group pinned: it cannot refuse for them, they refuse themselves
        fleet.cloud.server().database().inTransaction(c -> {
            try (var delete = c.prepareStatement("DELETE FROM firmware_pinned_keys WHERE camera_serial = ?")) {
                for (String serial : pinnedOnlyA) {
                    delete.setString(1, serial);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        });
    }

    @AfterAll
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private Map<String, Object> rollout(String version, Object... more) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", RolloutFleet.MODEL.id());
        body.put("version", version);
        body.put("cameraTimeoutSeconds", 60);
        body.put("settleSeconds", 2);
        body.put("maxConcurrentDownloads", 25);
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    private long created(ApiClient.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    @Test
    @Order(1)
    void aBuildThatOneCameraInFiveRefusesPausesItselfAtTheThresholdAndNoFurtherCameraIsOfferedIt() throws Exception {
        fleet.publish("1.1.0", keyB);
        long id = created(fleet.create(rollout("1.1.0", "errorThreshold", 10, "minFinished", 5)));

        assertThat(fleet.awaitState(id, "paused", WAIT)).as("paused: %s", fleet.rollout(id)).isTrue();
        JsonNode paused = fleet.rollout(id);
        assertThat(paused.get("pauseReason").asText()).contains("finished cameras failed").contains("> 10 %");
        int failedWave = -1;
        for (JsonNode wave : paused.get("waves")) {
            if (wave.get("state").asText().equals("failed")) {
                failedWave = wave.get("index").asInt();
            }
        }
        assertThat(failedWave).as("the wave that failed").isPositive();
        assertThat(paused.get("waves").get(0).get("label").asText()).isEqualTo("qa");
        assertThat(paused.get("waves").get(0).get("state").asText()).isEqualTo("succeeded");
        JsonNode failures = paused.get("failures");
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).get("reason").asText()).isEqualTo("verification-failed");
        failures.get(0).get("cameras").forEach(c -> assertThat(pinnedOnlyA).contains(c.asText()));

        // no camera of a later wave was told anything, and nothing more is offered while it stays paused
        Map<String, JsonNode> before = fleet.cameras(id, null);
        Thread.sleep(2000); // ten driver ticks
        Map<String, JsonNode> after = fleet.cameras(id, null);
        for (JsonNode camera : after.values()) {
            String serial = camera.get("serial").asText();
            if (camera.get("wave").asInt() > failedWave) {
                assertThat(camera.get("state").asText()).isEqualTo("pending");
                assertThat(fleet.cloud.server().firmware().target(serial)).as(serial).isEmpty();
            }
            boolean pendingBefore = before.get(serial).get("state").asText().equals("pending");
            assertThat(camera.get("state").asText().equals("pending")).as(serial).isEqualTo(pendingBefore);
        }
        // the QA cameras went first: every other camera was offered after the QA wave ended
        long qaEnded = paused.get("waves").get(0).get("endedAt").asLong();
        for (JsonNode camera : after.values()) {
            if (camera.get("wave").asInt() > 0 && !camera.get("offeredAt").isNull()) {
                assertThat(camera.get("offeredAt").asLong()).isGreaterThanOrEqualTo(qaEnded);
            }
        }
        qa.forEach(serial -> assertThat(fleet.camera(serial).firmwareVersion()).isEqualTo("1.1.0"));
    }

    @Test
    @Order(2)
    void goingBackSendsTheFailedCamerasToTheEarlierBuildUnderAHigherVersion() throws Exception {
        long bad = fleet.operator.get("/api/operator/rollouts").json().get("rollouts").get(0).get("id").asLong();
        Set<String> failed = fleet.cameras(bad, "failed").keySet();
        assertThat(failed).isNotEmpty();
        fleet.publish("1.1.1", keyA); // the earlier release's sources, signed like any release
        ApiClient.Response back = fleet.operator.post("/api/operator/rollouts/" + bad + "/rollback",
                Map.of("version", "1.1.1", "cameras", "failed"));
        long id = created(back);
        assertThat(back.json().get("goesBackFrom").asLong()).isEqualTo(bad);
        assertThat(fleet.rollout(bad).get("state").asText()).isEqualTo("cancelled");
        assertThat(fleet.cameras(id, null).keySet()).containsExactlyInAnyOrderElementsOf(failed);

        assertThat(fleet.awaitState(id, "completed", WAIT)).as("%s", fleet.rollout(id)).isTrue();
        assertThat(fleet.cameras(id, "healthy").keySet()).containsExactlyInAnyOrderElementsOf(failed);
        failed.forEach(serial -> assertThat(fleet.camera(serial).firmwareVersion()).isEqualTo("1.1.1"));
    }

    @Test
    @Order(3)
    void aGoodReleaseRollsThroughEveryWaveQaFirstAndEveryCameraEndsHealthy() throws Exception {
        fleet.publish("1.2.0", keyA);
        long started = System.nanoTime();
        long id = created(fleet.create(rollout("1.2.0")));
        assertThat(fleet.awaitState(id, "completed", WAIT)).as("%s", fleet.rollout(id)).isTrue();
        double seconds = (System.nanoTime() - started) / 1e9;
        JsonNode done = fleet.rollout(id);
        System.out.printf("ROLL-THROUGH: %d cameras through %d waves in %.1f s (load average %.2f)%n", CAMERAS,
                done.get("waves").size(), seconds,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        done.get("waves").forEach(w -> assertThat(w.get("state").asText()).isEqualTo("succeeded"));
        assertThat(done.get("counts").get("healthy").asInt()).isEqualTo(CAMERAS);
        assertThat(done.get("failures")).isEmpty();
        fleet.serials.forEach(serial -> assertThat(fleet.camera(serial).firmwareVersion()).isEqualTo("1.2.0"));
        Map<String, JsonNode> cameras = fleet.cameras(id, null);
        long lastQaOffer = qa.stream().mapToLong(s -> cameras.get(s).get("offeredAt").asLong()).max().orElseThrow();
        long qaEnded = done.get("waves").get(0).get("endedAt").asLong();
        cameras.values().stream().filter(c -> !qa.contains(c.get("serial").asText()))
                .forEach(c -> assertThat(c.get("offeredAt").asLong()).isGreaterThan(lastQaOffer)
                        .isGreaterThanOrEqualTo(qaEnded));
    }

    @Test
    @Order(4)
    void whilePausedNothingNewIsOfferedResumeFinishesItAndACameraOfflineDuringItsWaveUpdatesWhenItReconnects()
            throws Exception {
        fleet.publish("1.3.0", keyA);
        String offline = siteB.get(0);
        fleet.powerOff(offline);
        assertThat(TestCloud.await(Duration.ofSeconds(30),
                () -> !fleet.cloud.server().presence().isOnline(offline))).isTrue();
        long id = created(fleet.create(rollout("1.3.0", "tags", List.of("site-b"), "successThreshold", 90,
                "maxConcurrentDownloads", 3, "waves", List.of(Map.of("percent", 50), Map.of("percent", 100)))));
        assertThat(fleet.steer(id, "pause").get("state").asText()).isEqualTo("paused");
        Set<String> told = told(id);
        Thread.sleep(1500);
        assertThat(told(id)).isEqualTo(told);
        assertThat(told.size()).isLessThanOrEqualTo(3);

        assertThat(fleet.steer(id, "resume").get("state").asText()).isEqualTo("running");
        // every wave ends without the offline camera; the rollout waits for it
        assertThat(TestCloud.await(WAIT, () -> {
            JsonNode r = fleet.rollout(id);
            return r.get("waves").get(1).get("state").asText().equals("succeeded");
        })).as("%s", fleet.rollout(id)).isTrue();
        assertThat(fleet.rollout(id).get("state").asText()).isEqualTo("running");
        assertThat(fleet.cameras(id, "pending").keySet()).containsExactly(offline);

        fleet.powerOn(offline);
        assertThat(fleet.awaitState(id, "completed", WAIT)).as("%s", fleet.rollout(id)).isTrue();
        assertThat(fleet.cameras(id, "healthy").keySet()).containsExactlyInAnyOrderElementsOf(siteB);
        assertThat(fleet.camera(offline).firmwareVersion()).isEqualTo("1.3.0");
        // cameras outside the target were never touched
        fleet.serials.stream().filter(s -> !siteB.contains(s))
                .forEach(s -> assertThat(fleet.camera(s).firmwareVersion()).isNotEqualTo("1.3.0"));
    }

    @Test
    @Order(5)
    void aCancelledRolloutOffersNothingNewAndTakesBackWhatWasNotStarted() throws Exception {
        fleet.publish("1.4.0", keyA);
        long id = created(fleet.create(rollout("1.4.0", "maxConcurrentDownloads", 4,
                "waves", List.of(Map.of("percent", 100)))));
        assertThat(TestCloud.await(WAIT, () -> fleet.rollout(id).get("counts").get("healthy").asInt() >= 2)).isTrue();
        JsonNode cancelled = fleet.steer(id, "cancel");
        assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
        Map<String, JsonNode> atCancel = fleet.cameras(id, null);
        Thread.sleep(1500);
        Map<String, String> states = new HashMap<>();
        fleet.cameras(id, null).forEach((serial, c) -> states.put(serial, c.get("state").asText()));
        Set<String> skipped = states.entrySet().stream().filter(e -> e.getValue().equals("skipped"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(skipped.size()).isGreaterThanOrEqualTo(CAMERAS - 10);
        for (String serial : skipped) {
            assertThat(atCancel.get(serial).get("state").asText()).isEqualTo("skipped");
            assertThat(fleet.cloud.server().firmware().target(serial)).as(serial).isNotEqualTo(java.util.Optional.of("1.4.0"));
        }
        Set<String> onNew = new HashSet<>();
        fleet.serials.forEach(s -> {
            if ("1.4.0".equals(fleet.camera(s).firmwareVersion())) {
                onNew.add(s);
            }
        });
        assertThat(skipped).doesNotContainAnyElementsOf(onNew);
    }

    /** The cameras of the rollout that were told (not pending). */
    private Set<String> told(long id) {
        return fleet.cameras(id, null).values().stream().filter(c -> !c.get("state").asText().equals("pending"))
                .map(c -> c.get("serial").asText()).collect(Collectors.toSet());
    }
}
