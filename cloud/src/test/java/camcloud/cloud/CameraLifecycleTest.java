package camcloud.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.api.ApiClient;
import camcloud.device.camera.VirtualCamera;
import camcloud.protocol.v1.LedState;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first journey end to end, through real sockets, real TLS and a real database file: a camera
 * is provisioned, powers on and dials out; a person signs up and claims it and sees it online; the
 * cloud goes away and comes back and the camera finds it again; the camera dies and goes offline.
 */
class CameraLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void provisionClaimSeeOnlineSurviveACloudRestartAndGoOffline() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            VirtualCamera camera = cloud.powerOn(provisioned.flash());
            assertThat(TestCloud.await(WAIT, camera::online)).as("camera online").isTrue();

            ApiClient alice = new ApiClient(cloud.httpBase());
            assertThat(alice.signUp("alice", "correct horse battery").status()).isEqualTo(201);
            ApiClient.Response claimed = alice.claim(provisioned.claimCode(), "Porch");
            assertThat(claimed.status()).isEqualTo(201);

            JsonNode listed = onlyCamera(alice);
            assertThat(listed.get("serial").asText()).isEqualTo(provisioned.serial());
            assertThat(listed.get("name").asText()).isEqualTo("Porch");
            assertThat(listed.get("online").asBoolean()).isTrue();
            assertThat(listed.get("model").asText()).isEqualTo(camera.identity().model());
            assertThat(listed.get("firmwareVersion").asText()).isEqualTo(VirtualCamera.FACTORY_FIRMWARE);
            assertThat(listed.get("address").asText()).startsWith("127.0.0.1:");

            cloud.stopServer();
            assertThat(TestCloud.await(WAIT, () -> !camera.online())).as("camera notices the cloud is gone").isTrue();
            assertThat(camera.led()).isEqualTo(LedState.LED_STATE_CONNECTING);

            cloud.startServerAgain();
            assertThat(TestCloud.await(WAIT, () -> camera.online()
                    && cloud.server().presence().isOnline(provisioned.serial())))
                    .as("camera reconnects by itself").isTrue();
            assertThat(camera.agent().sessionsStarted()).isGreaterThanOrEqualTo(2);
            ApiClient.Response signIn = alice.signIn("alice", "correct horse battery");
            assertThat(signIn.status()).isEqualTo(200);
            assertThat(onlyCamera(alice).get("online").asBoolean()).isTrue();

            camera.close();
            assertThat(TestCloud.await(WAIT, () -> !onlyCamera(alice).get("online").asBoolean()))
                    .as("camera shown offline").isTrue();
            assertThat(onlyCamera(alice).get("lastSeen").isNull()).isFalse();
        }
    }

    @Test
    void releasedCameraCanBeClaimedByAnotherPersonWhileItStaysConnected() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            VirtualCamera camera = cloud.powerOn(provisioned.flash());
            ApiClient alice = new ApiClient(cloud.httpBase());
            ApiClient bob = new ApiClient(cloud.httpBase());
            alice.signUp("alice", "correct horse battery");
            bob.signUp("bob", "another long password");
            assertThat(alice.claim(provisioned.claimCode(), "Porch").status()).isEqualTo(201);
            assertThat(bob.claim(provisioned.claimCode(), "Mine now").status()).isEqualTo(409);

            assertThat(alice.delete("/api/cameras/" + provisioned.serial() + "?recordings=delete").status()).isBetween(200, 204);
            assertThat(bob.claim(provisioned.claimCode(), "Mine now").status()).isEqualTo(201);

            assertThat(alice.get("/api/cameras").json()).isEmpty();
            assertThat(TestCloud.await(WAIT, camera::online)).isTrue();
            ApiClient.Response ping = bob.post("/api/cameras/" + provisioned.serial() + "/commands",
                    Map.of("type", "ping"));
            assertThat(ping.status()).isEqualTo(200);
            assertThat(ping.json().get("result").asText()).isEqualToIgnoringCase("ok");
        }
    }

    private static JsonNode onlyCamera(ApiClient client) {
        JsonNode cameras = client.get("/api/cameras").json();
        assertThat(cameras).hasSize(1);
        return cameras.get(0);
    }
}
