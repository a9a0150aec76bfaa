package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.device.DeviceStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraApiTest {

    @TempDir
    Path dir;
    ApiServer server;
    ApiClient alice;
    ApiClient bob;

    @BeforeEach
    void start() {
        server = new ApiServer(dir);
        alice = server.client();
        bob = server.client();
        alice.signUp("alice", "correct horse battery");
        bob.signUp("bob", "another good password");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClaimCodeMakesTheCameraTheCallers() {
        ApiServer.Camera cam = server.newCamera();
        ApiClient.Response r = alice.claim(cam.code().toLowerCase().replace("-", " "), "  Front door ");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("serial").asText()).isEqualTo(cam.serial());
        assertThat(r.json().get("name").asText()).isEqualTo("Front door");
        assertThat(r.json().get("online").asBoolean()).isFalse();
        assertThat(r.json().get("claimedAt").asText()).isNotEmpty();
        assertThat(r.json().has("ownerId")).isFalse();

        JsonNode list = alice.get("/api/cameras").json();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("serial").asText()).isEqualTo(cam.serial());
        assertThat(bob.get("/api/cameras").json()).isEmpty();
    }

    @Test
    void aClaimCodeWorksOnce() {
        ApiServer.Camera cam = server.newCamera();
        assertThat(alice.claim(cam.code(), "Porch").status()).isEqualTo(201);

        ApiClient.Response again = alice.claim(cam.code(), "Porch");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error()).isEqualTo("camera is already yours");

        ApiClient.Response other = bob.claim(cam.code(), "Mine now");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.error()).isEqualTo("camera is already claimed");
        assertThat(bob.get("/api/cameras").json()).isEmpty();
    }

    @Test
    void aWrongCodeIs404AndAMalformedOneIs400() {
        server.newCamera();
        ApiClient.Response wrong = alice.claim("22222-22222-22222", "Porch");
        assertThat(wrong.status()).isEqualTo(404);
        assertThat(wrong.error()).isEqualTo("unknown claim code");

        ApiClient.Response malformed = alice.claim("not a code", "Porch");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.error()).contains("field 'code' is not a claim code");
    }

    @Test
    void aReleasedCameraCanBeClaimedAgainByAnotherUser() {
        ApiServer.Camera cam = server.newCamera();
        alice.claim(cam.code(), "Porch");
        assertThat(alice.delete("/api/cameras/" + cam.serial() + "?recordings=delete").status()).isEqualTo(204);
        assertThat(alice.get("/api/cameras").json()).isEmpty();
        assertThat(alice.get("/api/cameras/" + cam.serial()).status()).isEqualTo(404);

        ApiClient.Response r = bob.claim(cam.code(), "Garden");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("name").asText()).isEqualTo("Garden");
        assertThat(bob.get("/api/cameras").json()).hasSize(1);
        assertThat(alice.delete("/api/cameras/" + cam.serial() + "?recordings=delete").status()).isEqualTo(404);
    }

    @Test
    void renameChangesTheName() {
        ApiServer.Camera cam = server.newCamera();
        alice.claim(cam.code(), "Porch");
        ApiClient.Response r = alice.patch("/api/cameras/" + cam.serial(), Map.of("name", "Back door"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo("Back door");
        assertThat(alice.get("/api/cameras/" + cam.serial()).json().get("name").asText()).isEqualTo("Back door");
    }

    @Test
    void wrongCodesAreSlowedPerUserToOneTryEachStep() {
        ApiServer.Camera cam = server.newCamera();
        for (int i = 0; i < 5; i++) {
            assertThat(alice.claim("22222-22222-2222" + (i + 2), "x").status()).isEqualTo(404);
        }
        ApiClient.Response limited = alice.claim(cam.code(), "Porch");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("180"); // 5 per 15 minutes: one back each 3 minutes
        assertThat(limited.error()).contains("too many wrong claim codes");
        // bob, at the same address, has his own budget
        assertThat(bob.claim("22222-22222-22229", "x").status()).isEqualTo(404);

        server.clock.advance(Duration.ofMinutes(2));
        ApiClient.Response stillLimited = alice.claim(cam.code(), "Porch");
        assertThat(stillLimited.status()).isEqualTo(429);
        assertThat(stillLimited.header("Retry-After")).isEqualTo("60");

        server.clock.advance(Duration.ofMinutes(1));
        assertThat(alice.claim(cam.code(), "Porch").status()).isEqualTo(201);
    }

    @Test
    void wrongCodesAreLimitedPerClientAddressAcrossAccounts() {
        ApiServer.Camera cam = server.newCamera();
        for (int i = 0; i < 4; i++) {
            ApiClient attacker = server.client();
            attacker.signUp("attacker" + i, "correct horse battery");
            for (int j = 0; j < 5; j++) {
                assertThat(attacker.claim("33333-33333-3333" + (j + 3), "x").status()).isEqualTo(404);
            }
        }
        // 20 wrong codes from one address (127.0.0.1, as bob): the address's budget is spent
        ApiClient.Response limited = bob.claim(cam.code(), "Porch");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("45");
    }

    @Test
    void theListShowsLiveStateFromPresenceAndLastSightingFromTheDatabase() {
        ApiServer.Camera online = server.newCamera();
        ApiServer.Camera offline = server.newCamera();
        alice.claim(online.code(), "A online");
        alice.claim(offline.code(), "B offline");
        server.connect(online.serial());
        server.devices.recordSightings(List.of(
                new DeviceStore.Sighting(offline.serial(), 1_700_000_000_000L, "198.51.100.9:5000", "1.0.0")));

        JsonNode list = alice.get("/api/cameras").json();
        assertThat(list).hasSize(2);
        JsonNode a = list.get(0);
        assertThat(a.get("serial").asText()).isEqualTo(online.serial());
        assertThat(a.get("online").asBoolean()).isTrue();
        assertThat(a.get("lastSeen").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(a.get("address").asText()).isEqualTo("203.0.113.7:40000");
        assertThat(a.get("firmwareVersion").asText()).isEqualTo("1.2.3");
        assertThat(a.get("model").asText()).isEqualTo("hi3518e-test");
        assertThat(a.get("led").asText()).isEqualTo("online");

        JsonNode b = list.get(1);
        assertThat(b.get("online").asBoolean()).isFalse();
        assertThat(b.get("lastSeen").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(b.get("address").asText()).isEqualTo("198.51.100.9:5000");
        assertThat(b.get("firmwareVersion").asText()).isEqualTo("1.0.0");
        assertThat(b.get("led").isNull()).isTrue();
    }

    @Test
    void aCameraThatNeverConnectedHasNoLastSeen() {
        ApiServer.Camera cam = server.newCamera();
        alice.claim(cam.code(), "New");
        JsonNode c = alice.get("/api/cameras/" + cam.serial()).json();
        assertThat(c.get("lastSeen").isNull()).isTrue();
        assertThat(c.get("online").asBoolean()).isFalse();
    }
}
