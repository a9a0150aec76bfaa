package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.recording.RecordingPolicies;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET/PUT /api/cameras/{serial}/recording}: owner only, validated, stored where the recorder reads it. */
class RecordingApiTest {

    @TempDir
    Path dir;
    ApiServer server;
    ApiClient alice;
    ApiClient bob;
    String path;

    @BeforeEach
    void start() {
        server = new ApiServer(dir);
        alice = server.client();
        bob = server.client();
        alice.signUp("alice", "correct horse battery");
        bob.signUp("bob", "another good password");
        ApiServer.Camera cam = server.newCamera();
        assertThat(alice.claim(cam.code(), "Porch").status()).isEqualTo(201);
        path = "/api/cameras/" + cam.serial() + "/recording";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ApiClient.Response put(ApiClient client, String json) {
        return client.send("PUT", path, json, "application/json", Map.of());
    }

    @Test
    void aCameraNeverSetRecordsWithTheNodesDefaults() {
        JsonNode r = alice.get(path).json();
        assertThat(r.get("enabled").asBoolean()).isTrue();
        assertThat(r.get("retentionDays").isNull()).isTrue();
        assertThat(r.get("retentionBytes").isNull()).isTrue();
        assertThat(r.get("eventRetentionDays").isNull()).isTrue();
    }

    @Test
    void theOwnerKeepsEventClipsLongerThanContinuousVideo() {
        ApiClient.Response r = put(alice, "{\"enabled\":true,\"retentionDays\":7,\"eventRetentionDays\":365}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(alice.get(path).json().get("eventRetentionDays").asInt()).isEqualTo(365);
        String serial = path.split("/")[3];
        assertThat(new RecordingPolicies(server.db).of(serial)).isEqualTo(
                new RecordingPolicies.Policy(true, Optional.of(7), Optional.empty(), Optional.of(365)));
        assertThat(put(alice, "{\"enabled\":true,\"eventRetentionDays\":0}").error())
                .isEqualTo("field 'eventRetentionDays' must be from 1 to 3650");
        assertThat(put(alice, "{\"enabled\":true}").json().get("eventRetentionDays").isNull()).isTrue();
    }

    @Test
    void theOwnerTurnsRecordingOffAndSetsRetention() {
        ApiClient.Response r = put(alice, "{\"enabled\":false,\"retentionDays\":14,\"retentionBytes\":1073741824}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("enabled").asBoolean()).isFalse();
        JsonNode again = alice.get(path).json();
        assertThat(again.get("retentionDays").asInt()).isEqualTo(14);
        assertThat(again.get("retentionBytes").asLong()).isEqualTo(1L << 30);
        String serial = path.split("/")[3];
        assertThat(new RecordingPolicies(server.db).of(serial))
                .isEqualTo(new RecordingPolicies.Policy(false, Optional.of(14), Optional.of(1L << 30)));

        assertThat(put(alice, "{\"enabled\":true}").json().get("retentionDays").isNull()).isTrue();
        assertThat(alice.get(path).json().get("enabled").asBoolean()).isTrue();
    }

    @Test
    void someoneElsesCameraIsUnknownAndAnonymousIsRefused() {
        assertThat(bob.get(path).status()).isEqualTo(404);
        assertThat(put(bob, "{\"enabled\":false}").status()).isEqualTo(404);
        assertThat(alice.get(path).json().get("enabled").asBoolean()).isTrue();
        ApiClient anonymous = server.client();
        assertThat(anonymous.get(path).status()).isEqualTo(401);
        assertThat(put(anonymous, "{\"enabled\":false}").status()).isEqualTo(401);
    }

    @Test
    void badValuesAreRefusedWithTheFieldNamed() {
        assertThat(put(alice, "{}").error()).isEqualTo("field 'enabled' is required");
        assertThat(put(alice, "{\"enabled\":\"no\"}").error()).isEqualTo("field 'enabled' must be true or false");
        assertThat(put(alice, "{\"enabled\":true,\"retentionDays\":0}").error())
                .isEqualTo("field 'retentionDays' must be from 1 to 3650");
        assertThat(put(alice, "{\"enabled\":true,\"retentionDays\":1.5}").error())
                .isEqualTo("field 'retentionDays' must be a whole number");
        assertThat(put(alice, "{\"enabled\":true,\"retentionBytes\":1000}").status()).isEqualTo(400);
        assertThat(put(alice, "{\"enabled\":true,\"keep\":1}").error()).startsWith("unknown field 'keep'");
        assertThat(alice.get(path).json().get("enabled").asBoolean()).isTrue();
    }
}
