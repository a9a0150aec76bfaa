package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandApiTest {

    @TempDir
    Path dir;
    ApiServer server;
    ApiClient owner;
    String serial;

    @BeforeEach
    void start() {
        server = new ApiServer(dir, Duration.ofMillis(300));
        owner = server.client();
        owner.signUp("owner", "correct horse battery");
        ApiServer.Camera cam = server.newCamera();
        owner.claim(cam.code(), "Porch");
        serial = cam.serial();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPingReachesTheCameraAndItsAckComesBack() {
        FakeConnection camera = server.connect(serial);
        ApiClient.Response r = owner.post("/api/cameras/" + serial + "/commands", Map.of("type", "ping"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("result").asText()).isEqualTo("ok");
        assertThat(r.json().get("message").asText()).isEqualTo("pong");
        assertThat(camera.received).hasSize(1);
        assertThat(camera.received.get(0).getKindCase()).isEqualTo(Command.KindCase.PING);
    }

    @Test
    void aRebootIsSentAsARebootAndARefusalIsA400WithTheCameraMessage() {
        FakeConnection camera = server.connect(serial);
        camera.answer = c -> CompletableFuture.completedFuture(CommandAck.newBuilder().setId(c.getId())
                .setResult(CommandAck.Result.RESULT_REJECTED).setMessage("update in progress").build());
        ApiClient.Response r = owner.post("/api/cameras/" + serial + "/commands", Map.of("type", "REBOOT"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("update in progress");
        assertThat(r.json().get("result").asText()).isEqualTo("rejected");
        assertThat(r.json().get("message").asText()).isEqualTo("update in progress");
        assertThat(camera.received.get(0).getKindCase()).isEqualTo(Command.KindCase.REBOOT);
    }

    @Test
    void anOfflineCameraIsAConflict() {
        ApiClient.Response r = owner.post("/api/cameras/" + serial + "/commands", Map.of("type", "ping"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).isEqualTo("camera is offline");
    }

    @Test
    void aSilentCameraTimesOutWithoutHangingTheRequest() {
        FakeConnection camera = server.connect(serial);
        camera.answer = c -> new CompletableFuture<>(); // never answers
        ApiClient.Response r = owner.post("/api/cameras/" + serial + "/commands", Map.of("type", "ping"));
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.error()).isEqualTo("camera did not answer within 0.3 s");
        assertThat(r.json().get("id").asLong()).isEqualTo(camera.received.get(0).getId());
        assertThat(camera.pendingCommands()).isZero();
    }

    @Test
    void aConnectionThatDropsMidCommandIsReported() {
        FakeConnection camera = server.connect(serial);
        camera.answer = c -> CompletableFuture.failedFuture(new IllegalStateException("connection closed"));
        ApiClient.Response r = owner.post("/api/cameras/" + serial + "/commands", Map.of("type", "ping"));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).isEqualTo("camera went offline before answering");
    }
}
