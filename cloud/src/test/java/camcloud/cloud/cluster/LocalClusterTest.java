package camcloud.cloud.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.MutableClock;
import camcloud.cloud.db.Database;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's parts on the embedded SQLite, in one JVM: the in-process bus (what a single node runs
 * on) delivers to the other members only, addressed or to all, and refuses what PostgreSQL would; the
 * node directory keeps a camera on its newest node, never lets an older node's "offline" remove it,
 * puts right rows out of step with what a node holds, and shows no camera on a node whose lease ran out.
 */
class LocalClusterTest {

    @TempDir
    Path dir;

    @Test
    void theInProcessBusDeliversToTheOtherNodesOnlyAddressedOrToAll() throws Exception {
        LocalBus.Hub hub = new LocalBus.Hub();
        try (LocalBus a = hub.join("a"); LocalBus b = hub.join("b"); LocalBus c = hub.join("c")) {
            LinkedBlockingQueue<String> heardByA = listen(a);
            LinkedBlockingQueue<String> heardByB = listen(b);
            LinkedBlockingQueue<String> heardByC = listen(c);

            assertThat(a.send(null, "test", a.body().put("n", "to all"))).isTrue();
            assertThat(a.send("c", "test", a.body().put("n", "to c"))).isTrue();
            assertThat(b.send(null, "test", b.body().put("n", "from b"))).isTrue();

            assertThat(next(heardByB)).isEqualTo("to all");
            assertThat(next(heardByC)).isEqualTo("to all");
            assertThat(next(heardByC)).isEqualTo("to c");
            assertThat(next(heardByA)).isEqualTo("from b");
            assertThat(next(heardByC)).isEqualTo("from b");
            // b never heard the message to c, and nobody heard their own
            assertThat(heardByB).isEmpty();
            assertThat(heardByA).isEmpty();

            assertThat(a.send(null, "test", a.body().put("n", "x".repeat(ClusterBus.MAX_MESSAGE_BYTES)))).isFalse();
            a.received("{not json");
            a.received("{\"type\":\"test\"}");
            assertThat(a.dropped()).isEqualTo(2);
        }
    }

    @Test
    void aCameraIsOnItsNewestNodeAndOnNoneOnceThatNodesLeaseRanOut() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T05:00:00Z"));
        Duration lease = Duration.ofSeconds(3);
        Map<String, NodeDirectory.Session> onA = new ConcurrentHashMap<>();
        Map<String, NodeDirectory.Session> onB = new ConcurrentHashMap<>();
        try (Database db = Database.openSqlite(dir.resolve("camcloud.db"));
             NodeDirectory a = NodeDirectory.create(db, new NodeAddress("a", "host-a", 7443), 8080, lease, clock,
                     onA::values).register();
             NodeDirectory b = NodeDirectory.create(db, new NodeAddress("b", "host-b", 7444), 8081, lease, clock,
                     onB::values).register()) {
            assertThat(a.nodes()).extracting(n -> n.address().nodeId()).containsExactly("a", "b");

            online(b, onB, new NodeDirectory.Session("CAM1", "s1", clock.millis()));
            assertThat(TestCloud.await(Duration.ofSeconds(10), () -> a.nodeOf("CAM1").isPresent())).isTrue();
            assertThat(a.nodeOf("CAM1").orElseThrow()).isEqualTo(new NodeAddress("b", "host-b", 7444));

            // the camera connected to a; b's older session ends after that: it stays on a
            online(a, onA, new NodeDirectory.Session("CAM1", "s2", clock.millis()));
            assertThat(TestCloud.await(Duration.ofSeconds(10),
                    () -> b.nodeOf("CAM1").map(n -> n.nodeId().equals("a")).orElse(false))).isTrue();
            boolean[] written = {false};
            onB.remove("CAM1");
            b.cameraOffline("CAM1", () -> written[0] = true);
            assertThat(TestCloud.await(Duration.ofSeconds(10), () -> written[0])).isTrue();
            assertThat(b.nodeOf("CAM1").orElseThrow().nodeId()).isEqualTo("a");

            online(b, onB, new NodeDirectory.Session("CAM2", "s3", clock.millis()));
            assertThat(TestCloud.await(Duration.ofSeconds(10), () -> a.nodeOf("CAM2").isPresent())).isTrue();
            // a holds a camera its row does not show (two nodes' writes crossed): its renewal writes it again
            onA.put("CAM3", new NodeDirectory.Session("CAM3", "s4", clock.millis()));
            assertThat(TestCloud.await(Duration.ofSeconds(10),
                    () -> b.nodeOf("CAM3").map(n -> n.nodeId().equals("a")).orElse(false))).isTrue();

            // b hangs: it renews no more, and its lease runs out
            b.stopRenewing();
            clock.advance(lease.plusSeconds(1));
            assertThat(a.nodeOf("CAM2")).isEmpty();
            assertThat(a.nodes()).extracting(n -> n.address().nodeId()).doesNotContain("b");
        }
    }

    /** A camera connected to a node: what the node holds, and its directory told. */
    private static void online(NodeDirectory node, Map<String, NodeDirectory.Session> holds,
                               NodeDirectory.Session session) {
        holds.put(session.serial(), session);
        node.cameraOnline(session, () -> { });
    }

    private static LinkedBlockingQueue<String> listen(ClusterBus bus) {
        LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
        bus.on("test", (JsonNode body) -> heard.add(body.path("n").asText()));
        return heard;
    }

    private static String next(LinkedBlockingQueue<String> heard) throws InterruptedException {
        return heard.poll(10, TimeUnit.SECONDS);
    }
}
