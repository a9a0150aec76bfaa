package camcloud.cloud.event;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.device.agent.EventOutbox;
import camcloud.device.camera.VirtualCamera;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real virtual camera's event outbox to a real node: what the camera queues arrives once, is
 * acknowledged (the outbox empties), and is its owner's to see, with the snapshot.
 */
class VirtualCameraEventsTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void anEventTheCameraQueuesIsStoredAcknowledgedAndShownToItsOwner() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            ApiClient owner = new ApiClient(cloud.httpBase());
            assertThat(owner.signUp("olga", "correct horse battery olga").status()).isEqualTo(201);
            TestCloud.Provisioned p = cloud.provision();
            assertThat(owner.claim(p.claimCode(), "hall").status()).isEqualTo(201);
            VirtualCamera camera = cloud.powerOnStreaming(p.flash());
            assertThat(TestCloud.await(WAIT, () -> cloud.server().presence().isOnline(p.serial()))).isTrue();
            Instant before = Instant.now();

            EventOutbox outbox = camera.agent().events();
            long start = System.nanoTime() / 1000; // the clock of the camera's video
            byte[] snapshot = EventCamera.jpeg(32, 18);
            outbox.offer(EventCamera.start("vc-1", "motion", start).build(), snapshot);
            Thread.sleep(500);
            outbox.offer(EventCamera.end("vc-1", "motion", start, start + 500_000).build(), null);

            assertThat(TestCloud.await(WAIT, () -> outbox.pending() == 0 && outbox.sent() >= 2))
                    .as("the cloud acknowledged both frames").isTrue();
            ApiClient.Response r = owner.get("/api/cameras/" + p.serial() + "/events");
            assertThat(r.status()).isEqualTo(200);
            JsonNode events = r.json().get("events");
            assertThat(events).hasSize(1);
            JsonNode e = events.get(0);
            assertThat(e.get("cameraName").asText()).isEqualTo("hall");
            assertThat(Instant.parse(e.get("start").asText())).isBetween(before.minusSeconds(1), Instant.now());
            assertThat(e.get("end").isNull()).isFalse();
            assertThat(owner.get(e.get("snapshot").asText()).status()).isEqualTo(200);
        }
    }
}
