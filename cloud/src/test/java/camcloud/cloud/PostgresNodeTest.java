package camcloud.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import camcloud.cloud.api.ApiClient;
import camcloud.cloud.db.Engine;
import camcloud.cloud.engines.PostgresServer;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.device.camera.VirtualCamera;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node configured with a PostgreSQL URL works end to end: a virtual camera provisions, dials in
 * over TLS, is claimed, records video, and after a restart of the node everything is still there
 * (in PostgreSQL: the data directory holds no database file).
 */
class PostgresNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aNodeOnPostgresqlProvisionsClaimsRecordsAndRestarts() throws Exception {
        assumeTrue(PostgresServer.available().isPresent() || PostgresServer.ciRequiresEngines(), "no PostgreSQL here");
        String url = PostgresServer.require().newDatabase();
        try (TestCloud cloud = TestCloud.start(dir, c -> c.withDatabase(c.database().withUrl(url)))) {
            assertThat(cloud.server().database().engine()).isEqualTo(Engine.POSTGRESQL);
            TestCloud.Provisioned provisioned = cloud.provision();
            String serial = provisioned.serial();
            VirtualCamera camera = cloud.powerOnStreaming(provisioned.flash());
            assertThat(TestCloud.await(WAIT, camera::online)).as("camera online").isTrue();

            ApiClient alice = new ApiClient(cloud.httpBase());
            assertThat(alice.signUp("alice", "correct horse battery").status()).isEqualTo(201);
            assertThat(alice.claim(provisioned.claimCode(), "Porch").status()).isEqualTo(201);
            SegmentIndex index = new SegmentIndex(cloud.server().database());
            assertThat(TestCloud.await(WAIT, () -> !index.segments(serial, 0, Long.MAX_VALUE).isEmpty()))
                    .as("a segment is recorded and indexed in PostgreSQL").isTrue();

            cloud.stopServer();
            cloud.startServerAgain();
            assertThat(TestCloud.await(WAIT, () -> camera.online() && cloud.server().presence().isOnline(serial)))
                    .as("camera reconnects to the restarted node").isTrue();
            assertThat(alice.signIn("alice", "correct horse battery").status()).isEqualTo(200);
            JsonNode cameras = alice.get("/api/cameras").json();
            assertThat(cameras).hasSize(1);
            assertThat(cameras.get(0).get("name").asText()).isEqualTo("Porch");
            // heartbeats every 200 ms: on a loaded machine a session may flap; the camera comes back by itself
            assertThat(TestCloud.await(WAIT, () -> alice.get("/api/cameras").json().get(0).get("online").asBoolean()))
                    .as("the API shows the camera online").isTrue();
            // alice's video starts at her claim: the first segment closed after it shows on her timeline
            assertThat(TestCloud.await(WAIT, () -> !alice.get("/api/cameras/" + serial + "/timeline?day="
                    + LocalDate.now(ZoneOffset.UTC) + "&tz=UTC").json().get("ranges").isEmpty()))
                    .as("recorded video on the owner's timeline").isTrue();
            assertThat(dir.resolve("data").resolve("camcloud.db")).doesNotExist();
        }
    }
}
