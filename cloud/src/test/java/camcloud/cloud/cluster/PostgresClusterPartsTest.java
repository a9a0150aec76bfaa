package camcloud.cloud.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import camcloud.cloud.engines.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's parts on a real PostgreSQL: the LISTEN/NOTIFY bus between two nodes (addressed, to
 * all, never to the sender, a message at the size limit), and the directory's SQL and migration as
 * PostgreSQL runs them.
 */
class PostgresClusterPartsTest {

    String url;

    @BeforeEach
    void database() {
        assumeTrue(PostgresServer.available().isPresent() || PostgresServer.ciRequiresEngines(),
                "no PostgreSQL on this machine");
        url = PostgresServer.require().newDatabase();
    }

    @Test
    void listenNotifyCarriesMessagesBetweenNodes() throws Exception {
        try (PgNotifyBus a = PgNotifyBus.start(url, "a"); PgNotifyBus b = PgNotifyBus.start(url, "b");
             PgNotifyBus c = PgNotifyBus.start(url, "c")) {
            LinkedBlockingQueue<String> heardByA = listen(a);
            LinkedBlockingQueue<String> heardByB = listen(b);
            LinkedBlockingQueue<String> heardByC = listen(c);

            assertThat(a.send("b", "test", a.body().put("n", "to b"))).isTrue();
            assertThat(a.send(null, "test", a.body().put("n", "to all"))).isTrue();
            String big = "é".repeat((ClusterBus.MAX_MESSAGE_BYTES - 100) / 2); // two bytes each in UTF-8
            assertThat(c.send(null, "test", c.body().put("n", big))).isTrue();

            // in order per sender; a's and c's messages may interleave
            List<String> b3 = List.of(next(heardByB), next(heardByB), next(heardByB));
            assertThat(b3).containsExactlyInAnyOrder("to b", "to all", big);
            assertThat(b3.indexOf("to b")).isLessThan(b3.indexOf("to all"));
            assertThat(next(heardByC)).isEqualTo("to all");
            assertThat(next(heardByA)).isEqualTo(big);
            assertThat(heardByC).isEmpty(); // neither a's message to b nor its own
            assertThat(a.send(null, "test", a.body().put("n", "é".repeat(ClusterBus.MAX_MESSAGE_BYTES / 2))))
                    .isFalse();
        }
    }

    @Test
    void theDirectorysSqlRunsOnPostgres() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                for (String statement : migration().split(";")) {
                    if (!statement.strip().isEmpty()) {
                        s.execute(statement);
                    }
                }
            }
            NodeAddress a = new NodeAddress("a", "host-a", 7443);
            NodeAddress b = new NodeAddress("b", "host-b", 7444);
            NodeDirectory.putNode(c, a, 8080, 1000, 20_000);
            NodeDirectory.putNode(c, b, 8081, 1000, 10_000);
            NodeDirectory.putCamera(c, new NodeDirectory.Session("CAM1", "s1", 5000), "b");
            NodeDirectory.putCamera(c, new NodeDirectory.Session("CAM2", "s2", 5000), "b");
            assertThat(NodeDirectory.nodeOf(c, "CAM1", 6000)).contains(b);

            NodeDirectory.putCamera(c, new NodeDirectory.Session("CAM1", "s3", 6000), "a");
            NodeDirectory.removeCamera(c, "CAM1", "b"); // b's older session ends late
            assertThat(NodeDirectory.nodeOf(c, "CAM1", 6000)).contains(a);

            assertThat(NodeDirectory.renewLease(c, "a", 30_000)).isEqualTo(1);
            assertThat(NodeDirectory.nodeOf(c, "CAM2", 10_000)).isEmpty(); // b's lease ran out
            assertThat(NodeDirectory.sweep(c, 10_000)).isEqualTo(1);
            assertThat(NodeDirectory.renewLease(c, "b", 40_000)).isZero(); // b was removed as dead
            assertThat(NodeDirectory.nodeOf(c, "CAM1", 10_000)).contains(a);
        }
    }

    private static String migration() throws IOException {
        try (InputStream in = NodeDirectory.class.getResourceAsStream(
                "/camcloud/cloud/db/migration/V011__cluster_directory.sql")) {
            StringBuilder sql = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int comment = line.indexOf("--");
                sql.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
            }
            return sql.toString();
        }
    }

    private static LinkedBlockingQueue<String> listen(ClusterBus bus) {
        LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
        bus.on("test", body -> heard.add(body.path("n").asText()));
        return heard;
    }

    private static String next(LinkedBlockingQueue<String> heard) throws InterruptedException {
        return heard.poll(10, TimeUnit.SECONDS);
    }
}
