package camcloud.cloud.live;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.CuttableProxy;
import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.archive.FfmpegCheck;
import camcloud.cloud.cluster.relay.TwoNodes;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.uplink.RecordingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live video across nodes: a camera connected to node B, its owner watching through node A. A relays
 * the camera from B over the node-to-node channel (mutual TLS, node certificates) into its own live
 * hub, so the viewer gets the same decodable fMP4 as from the camera's own node; one relay however
 * many watch on A; it closes when the last viewer on A leaves, and when the camera leaves B A's
 * viewers see it go offline and get video again once it is back.
 */
class LiveAcrossNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aViewerOnOneNodeWatchesACameraConnectedToAnother() throws Exception {
        try (TwoNodes nodes = TwoNodes.start(dir)) {
            TestCloud.Provisioned p = nodes.b.provision();
            String serial = p.serial();
            ApiClient owner = new ApiClient(nodes.a.httpBase());
            String cookie = owner.signUp("watcher", "correct horse battery").header("Set-Cookie").split(";", 2)[0];
            assertThat(owner.claim(p.claimCode(), "porch").status()).isEqualTo(201);
            VirtualCamera camera = nodes.b.powerOnStreaming(p.flash());
            assertThat(TestCloud.await(WAIT, () -> nodes.b.server().presence().isOnline(serial))).isTrue();
            assertThat(nodes.a.server().presence().isOnline(serial)).as("the camera is on B only").isFalse();

            try (LiveClient viewer = LiveClient.connect(nodes.a.httpBase(), serial, cookie);
                 LiveClient second = LiveClient.connect(nodes.a.httpBase(), serial, cookie)) {
                LiveVideoTest.awaitBinaries(viewer, 1 + 30);
                LiveVideoTest.awaitBinaries(second, 1 + 10);
                assertThat(nodes.b.server().relaySource().relays(serial)).as("one relay for both viewers on A")
                        .isEqualTo(1);
                assertThat(nodes.a.server().liveRelays().relaying(serial)).isTrue();

                long now = System.currentTimeMillis();
                List<byte[]> binaries = viewer.binaries();
                assertThat(viewer.texts()).anyMatch(t -> t.startsWith("{\"type\":\"codec\""));
                assertThat(Mp4Boxes.firstBoxType(binaries.get(0))).isEqualTo("ftyp");
                assertThat(Mp4Boxes.containsIdr(binaries.get(1))).isTrue();
                long previous = 0;
                for (byte[] fragment : binaries.subList(1, binaries.size())) {
                    long capture = Mp4Boxes.prftMillis(fragment);
                    assertThat(capture).as("capture times, in order").isGreaterThanOrEqualTo(previous)
                            .isBetween(now - 60_000, now);
                    previous = capture;
                }
                FfmpegCheck.assumeAvailable();
                FfmpegCheck.assertPlaysCleanly(LiveVideoTest.concat(binaries), "-i", "-", "-enc_time_base", "-1");

                // The camera leaves B: A's viewers see it offline, as for a local camera; it comes back
                // and the relay resumes by itself.
                camera.close();
                assertThat(TestCloud.await(WAIT, () -> viewer.texts().contains("{\"type\":\"offline\"}")))
                        .as("A's viewer is told the camera went offline").isTrue();
                assertThat(TestCloud.await(WAIT, () -> nodes.b.server().relaySource().relays(serial) == 0)).isTrue();
                int before = viewer.binaryCount();
                nodes.b.powerOnStreaming(p.flash());
                assertThat(TestCloud.await(WAIT, () -> viewer.binaryCount() > before + 10))
                        .as("video again once the camera is back").isTrue();
                assertThat(nodes.b.server().relaySource().relays(serial)).isEqualTo(1);
            }
            // Both viewers left A: the relay closes on both sides.
            assertThat(TestCloud.await(WAIT, () -> nodes.b.server().relaySource().relays(serial) == 0))
                    .as("B relays nothing once nobody watches on A").isTrue();
            assertThat(TestCloud.await(WAIT, () -> !nodes.a.server().liveRelays().relaying(serial))).isTrue();
        }
    }

    @Test
    void aCameraThatRecordsEventsOnlySendsLiveVideoWhileAnotherNodeRelaysIt() throws Exception {
        try (TwoNodes nodes = TwoNodes.start(dir)) {
            TestCloud.Provisioned p = nodes.b.provision();
            String serial = p.serial();
            ApiClient owner = new ApiClient(nodes.a.httpBase());
            String cookie = owner.signUp("eve", "correct horse battery").header("Set-Cookie").split(";", 2)[0];
            assertThat(owner.claim(p.claimCode(), "porch").status()).isEqualTo(201);
            VirtualCamera camera = nodes.b.powerOnStreaming(p.flash());
            camera.uplink().recordingMode(RecordingMode.EVENTS, Duration.ofSeconds(2), Duration.ofSeconds(2));
            assertThat(TestCloud.await(WAIT, () -> camera.uplink().stats().heldUnits() > 0))
                    .as("no event, nobody watching: the camera holds its video").isTrue();

            int fps = TestCloud.STREAMING_SCENE.fps();
            try (LiveClient viewer = LiveClient.connect(nodes.a.httpBase(), serial, cookie)) {
                assertThat(TestCloud.await(WAIT, () -> viewer.binaryCount() >= 2 + 2 * fps))
                        .as("init segment and two seconds of live video through A").isTrue();
                assertThat(camera.uplink().stats().heldUnits()).as("nothing held while relayed").isZero();
            }
            assertThat(TestCloud.await(WAIT, () -> camera.uplink().stats().heldUnits() > 0))
                    .as("the relay gone, the camera holds its video again").isTrue();
        }
    }

    @Test
    void theRelayEndsWhenTheViewersAccessEndsThroughTheOtherNode() throws Exception {
        try (TwoNodes nodes = TwoNodes.start(dir)) {
            TestCloud.Provisioned p = nodes.b.provision();
            String serial = p.serial();
            ApiClient owner = new ApiClient(nodes.a.httpBase());
            String cookie = owner.signUp("owner", "correct horse battery").header("Set-Cookie").split(";", 2)[0];
            assertThat(owner.claim(p.claimCode(), "porch").status()).isEqualTo(201);
            nodes.b.powerOnStreaming(p.flash());
            try (LiveClient viewer = LiveClient.connect(nodes.a.httpBase(), serial, cookie)) {
                LiveVideoTest.awaitBinaries(viewer, 1 + 10);
                ApiClient ownerOnB = new ApiClient(nodes.b.httpBase(), java.util.Map.of("Cookie", cookie));
                assertThat(ownerOnB.delete("/api/cameras/" + serial + "?recordings=delete").status()).as("released through B")
                        .isBetween(200, 299);
                assertThat(TestCloud.await(WAIT, () -> viewer.closedWith() != null)).isTrue();
                assertThat(viewer.closedWith()).startsWith("1008");
                assertThat(TestCloud.await(WAIT, () -> nodes.b.server().relaySource().relays(serial) == 0))
                        .as("the relay ends with the last viewer's access").isTrue();
            }
        }
    }

    @Test
    void whenTheCameraMovesTheViewersNodeFollowsIt() throws Exception {
        try (TwoNodes nodes = TwoNodes.start(dir);
             CuttableProxy balancer = CuttableProxy.start(nodes.b.server().gatewayPort())) {
            TestCloud.Provisioned p = nodes.b.provisionVia(balancer.port());
            String serial = p.serial();
            ApiClient owner = new ApiClient(nodes.a.httpBase());
            String cookie = owner.signUp("mover", "correct horse battery").header("Set-Cookie").split(";", 2)[0];
            assertThat(owner.claim(p.claimCode(), "porch").status()).isEqualTo(201);
            nodes.b.powerOnStreaming(p.flash());
            try (LiveClient viewer = LiveClient.connect(nodes.a.httpBase(), serial, cookie)) {
                LiveVideoTest.awaitBinaries(viewer, 1 + 10);
                assertThat(nodes.a.server().liveRelays().relaying(serial)).isTrue();

                // The camera moves to A, the viewer's own node: no relay, the local camera feeds the hub.
                balancer.forwardTo(nodes.a.server().gatewayPort());
                balancer.cut(Duration.ofMillis(100));
                assertThat(TestCloud.await(WAIT, () -> nodes.a.server().presence().isOnline(serial))).isTrue();
                int local = viewer.binaryCount();
                assertThat(TestCloud.await(WAIT, () -> viewer.binaryCount() > local + 10)).isTrue();
                assertThat(TestCloud.await(WAIT, () -> nodes.b.server().relaySource().relays(serial) == 0)).isTrue();
                assertThat(nodes.a.server().liveRelays().relaying(serial)).isFalse();

                // And back to B: A finds it there and relays it again.
                balancer.forwardTo(nodes.b.server().gatewayPort());
                balancer.cut(Duration.ofMillis(100));
                assertThat(TestCloud.await(WAIT, () -> nodes.b.server().presence().isOnline(serial))).isTrue();
                assertThat(TestCloud.await(WAIT, () -> nodes.a.server().liveRelays().relaying(serial))).isTrue();
                int relayed = viewer.binaryCount();
                assertThat(TestCloud.await(WAIT, () -> viewer.binaryCount() > relayed + 10)).isTrue();
                FfmpegCheck.assumeAvailable();
                FfmpegCheck.assertPlaysCleanly(LiveVideoTest.concat(viewer.binaries()), "-i", "-",
                        "-enc_time_base", "-1");
            }
        }
    }
}
