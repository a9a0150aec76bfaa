package camcloud.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.device.CameraConnection;
import camcloud.device.agent.AgentMeters;
import camcloud.device.agent.AgentSettings;
import camcloud.device.agent.SourceAddresses;
import camcloud.device.camera.VirtualCamera;
import camcloud.firmware.model.CameraModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few cameras of a fleet against a real node on loopback: addresses, descriptors, status. */
class FleetTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void camerasLeaveFromTheGivenAddressesHoldNoFlashFileOpenReportTheirStatusAndResumeOnReconnect() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir.resolve("cloud"))) {
            Path cameras = dir.resolve("fleet");
            Fleet.provisionMissing(cameras, 3, CameraModels.builtIn().all(), cloud.cloudAddress(),
                    cloud.server().operatorToken());
            AgentSettings settings = AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                    .withSourceAddresses(SourceAddresses.parse("127.3.0.0/24"))
                    .withMeters(new AgentMeters());
            try (Fleet fleet = Fleet.powerOn(cameras, settings, 1)) {
                assertThat(TestCloud.await(WAIT, () -> fleet.online() == 3)).isTrue();
                assertThat(TestCloud.await(WAIT, () -> cloud.server().presence().all().size() == 3)).isTrue();
                assertThat(cloud.server().presence().all()).extracting(CameraConnection::remoteAddress)
                        .allSatisfy(address -> assertThat(address).contains("127.3.0."));
                assertThat(openFlashFiles(cameras)).isEmpty();

                List<FleetStatus> lines = new ArrayList<>();
                assertThat(TestCloud.await(WAIT, () -> {
                    FleetStatus status = fleet.status();
                    lines.add(status);
                    return status.heartbeatRoundTrips().count() > 0;
                })).isTrue();
                FleetStatus status = lines.get(lines.size() - 1);
                assertThat(status.cameras()).isEqualTo(3);
                assertThat(status.online()).isEqualTo(3);
                assertThat(status.gaveUp()).isZero();
                assertThat(status.handshakes()).isGreaterThanOrEqualTo(3);
                assertThat(status.heartbeatRoundTrips().quantileMillis(0.99)).isPositive();
                assertThat(status.openFiles()).isPositive();
                assertThat(status.toJson()).startsWith("{\"type\":\"status\",\"cameras\":3,\"online\":3,")
                        .contains("\"connecting\":", "\"handshakes\":", "\"resumedHandshakes\":", "\"reconnects\":",
                                "\"gaveUp\":0", "\"heartbeatRttMs\":{\"count\":", "\"p50\":", "\"p99\":",
                                "\"heapUsedBytes\":", "\"rssBytes\":", "\"openFiles\":");

                long handshakes = status.handshakes();
                fleet.cameras().get(0).agent().dropConnection();
                assertThat(TestCloud.await(WAIT, () -> settings.meters().reconnects() >= 1
                        && settings.meters().handshakes() > handshakes && fleet.online() == 3)).isTrue();
                // The agent's OpenSSL context offers the ticket of its last session to the same gateway.
                assertThat(settings.meters().resumedHandshakes()).isPositive();
            }
        }
    }

    /** Descriptors of this process on a flash file of {@code dir}. */
    private static List<Path> openFlashFiles(Path dir) throws IOException {
        Path real = dir.toRealPath();
        List<Path> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(real) && target.toString().endsWith(".flash")) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return open;
    }
}
