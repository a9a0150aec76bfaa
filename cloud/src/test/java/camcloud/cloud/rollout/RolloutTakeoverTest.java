package camcloud.cloud.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import camcloud.cloud.TestCloud;
import camcloud.cloud.engines.PostgresServer;
import camcloud.firmware.bundle.SigningKey;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL: node A drives a rollout of cameras connected to node B, then hangs
 * (its driver stops without giving the lease up); node B takes the lease over once it ran out and
 * finishes the rollout — and every camera had its target set exactly once.
 */
class RolloutTakeoverTest {

    private static final int CAMERAS = 24;
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void whenTheDrivingNodeHangsTheOtherTakesOverAndNoCameraIsOfferedTwice() throws Exception {
        assumeTrue(PostgresServer.available().isPresent() || PostgresServer.ciRequiresEngines(),
                "no PostgreSQL on this machine");
        String url = PostgresServer.require().newDatabase();
        try (RolloutFleet a = RolloutFleet.start(dir, c -> c.withDatabase(c.database().withUrl(url))
                .withCluster(c.cluster().withNodeId("node-a").withLease(Duration.ofSeconds(3))))) {
            assertThat(TestCloud.await(Duration.ofSeconds(10), a.cloud.server().rolloutDriver()::driving)).isTrue();
            try (RolloutFleet b = RolloutFleet.start(dir, c -> c.withDatabase(c.database().withUrl(url))
                    .withCluster(c.cluster().withNodeId("node-b").withLease(Duration.ofSeconds(3))))) {
                // every target set, on either node, reaches node B's listeners once
                Map<String, AtomicInteger> targetsSet = new ConcurrentHashMap<>();
                b.cloud.server().firmware().onTargetSet(serial ->
                        targetsSet.computeIfAbsent(serial, s -> new AtomicInteger()).incrementAndGet());
                SigningKey key = b.trustNewKey();
                List<String> serials = b.provision(CAMERAS);
                for (String serial : serials) {
                    b.powerOn(serial);
                }
                assertThat(TestCloud.await(WAIT, () -> b.cloud.server().presence().count() == CAMERAS)).isTrue();
                b.publish("1.1.0", key);

                long id = a.create(Map.of("model", RolloutFleet.MODEL.id(), "version", "1.1.0",
                        "waves", List.of(Map.of("percent", 25), Map.of("percent", 100)), "maxConcurrentDownloads", 3,
                        "settleSeconds", 2, "cameraTimeoutSeconds", 90)).json().get("id").asLong();
                assertThat(a.rollout(id).get("drivenBy").asText()).isEqualTo("node-a");
                assertThat(TestCloud.await(WAIT, () -> a.rollout(id).get("counts").get("healthy").asInt() >= 4))
                        .isTrue();

                a.cloud.server().rolloutDriver().halt(); // hangs: the lease runs out by itself
                assertThat(TestCloud.await(WAIT, b.cloud.server().rolloutDriver()::driving)).isTrue();
                assertThat(b.awaitState(id, "completed", WAIT)).as("%s", b.rollout(id)).isTrue();
                JsonNode done = b.rollout(id);
                assertThat(done.get("drivenBy").asText()).isEqualTo("node-b");
                assertThat(done.get("counts").get("healthy").asInt()).isEqualTo(CAMERAS);
                for (String serial : serials) {
                    assertThat(b.camera(serial).firmwareVersion()).isEqualTo("1.1.0");
                    assertThat(targetsSet.get(serial)).as(serial).hasValue(1);
                }
            }
        }
    }
}
