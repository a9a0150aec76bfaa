package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every camera endpoint × every camera × every kind of caller: the owner may, another user gets
 * the same 404 as for a camera that does not exist, an anonymous caller gets 401 — and a refused
 * call changes nothing (no rename, no release, no command reaches the camera).
 */
class AuthorizationMatrixTest {

    enum Endpoint {
        GET_ONE("GET", "", null, 200),
        RENAME("PATCH", "", "{\"name\":\"renamed\"}", 200),
        RELEASE("DELETE", "?recordings=delete", null, 204),
        COMMAND("POST", "/commands", "{\"type\":\"ping\"}", 200);

        final String method;
        final String suffix;
        final String body;
        final int ownerStatus;

        Endpoint(String method, String suffix, String body, int ownerStatus) {
            this.method = method;
            this.suffix = suffix;
            this.body = body;
            this.ownerStatus = ownerStatus;
        }
    }

    enum Caller { OWNER, OTHER_USER, ANONYMOUS }

    enum Target { ALICES_CAMERA, BOBS_CAMERA }

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (Endpoint e : Endpoint.values()) {
            for (Target t : Target.values()) {
                for (Caller c : Caller.values()) {
                    cells.add(Arguments.of(e, t, c));
                }
            }
        }
        return cells.stream();
    }

    @TempDir
    Path dir;
    ApiServer server;
    ApiClient alice;
    ApiClient bob;
    ApiServer.Camera alicesCamera;
    ApiServer.Camera bobsCamera;
    Map<Target, FakeConnection> connections;

    @BeforeEach
    void start() {
        server = new ApiServer(dir);
        alice = server.client();
        bob = server.client();
        alice.signUp("alice", "correct horse battery");
        bob.signUp("bob", "another good password");
        alicesCamera = server.newCamera();
        bobsCamera = server.newCamera();
        assertThat(alice.claim(alicesCamera.code(), "alice cam").status()).isEqualTo(201);
        assertThat(bob.claim(bobsCamera.code(), "bob cam").status()).isEqualTo(201);
        connections = Map.of(Target.ALICES_CAMERA, server.connect(alicesCamera.serial()),
                Target.BOBS_CAMERA, server.connect(bobsCamera.serial()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("cells")
    void onlyTheOwnerReachesTheCamera(Endpoint endpoint, Target target, Caller caller) {
        ApiServer.Camera camera = target == Target.ALICES_CAMERA ? alicesCamera : bobsCamera;
        ApiClient owner = target == Target.ALICES_CAMERA ? alice : bob;
        ApiClient other = target == Target.ALICES_CAMERA ? bob : alice;
        ApiClient client = switch (caller) {
            case OWNER -> owner;
            case OTHER_USER -> other;
            case ANONYMOUS -> server.client();
        };

        ApiClient.Response r = client.send(endpoint.method, "/api/cameras/" + camera.serial() + endpoint.suffix,
                endpoint.body, endpoint.body == null ? null : "application/json", Map.of());

        switch (caller) {
            case OWNER -> assertThat(r.status()).isEqualTo(endpoint.ownerStatus);
            case OTHER_USER -> {
                assertThat(r.status()).isEqualTo(404);
                assertThat(r.error()).isEqualTo("unknown camera");
                // Indistinguishable from a serial that does not exist.
                ApiClient.Response missing = client.send(endpoint.method, "/api/cameras/NOSUCHCAM" + endpoint.suffix,
                        endpoint.body, endpoint.body == null ? null : "application/json", Map.of());
                assertThat(missing.status()).isEqualTo(404);
                assertThat(missing.text()).isEqualTo(r.text());
            }
            case ANONYMOUS -> {
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.error()).isEqualTo("not signed in");
            }
        }
        if (caller != Caller.OWNER) {
            ApiClient.Response stillThere = owner.get("/api/cameras/" + camera.serial());
            assertThat(stillThere.status()).isEqualTo(200);
            assertThat(stillThere.json().get("name").asText()).isNotEqualTo("renamed");
            assertThat(connections.get(target).received).isEmpty();
        } else if (endpoint == Endpoint.COMMAND) {
            assertThat(connections.get(target).received).hasSize(1);
        }
    }

    @Test
    void eachUserListsOnlyTheirOwnCameras() {
        assertThat(alice.get("/api/cameras").json()).extracting(n -> n.get("serial").asText())
                .containsExactly(alicesCamera.serial());
        assertThat(bob.get("/api/cameras").json()).extracting(n -> n.get("serial").asText())
                .containsExactly(bobsCamera.serial());
        assertThat(server.client().get("/api/cameras").status()).isEqualTo(401);
    }

    @Test
    void operatorEndpointsNeedTheOperatorToken() {
        ApiClient anyone = server.client();
        assertThat(alice.get("/api/operator/cameras").status()).isEqualTo(401);
        assertThat(anyone.send("GET", "/api/operator/cameras", null, null,
                Map.of("Authorization", "Bearer wrong")).status()).isEqualTo(401);
        assertThat(anyone.send("GET", "/api/operator/cameras", null, null,
                Map.of("Authorization", ApiServer.OPERATOR_TOKEN)).status()).isEqualTo(401);
        ApiClient.Response all = anyone.send("GET", "/api/operator/cameras", null, null,
                Map.of("Authorization", "Bearer " + ApiServer.OPERATOR_TOKEN));
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json()).hasSize(2);
        assertThat(all.json().get(0).get("ownerId").asLong()).isPositive();
        assertThat(all.json().get(0).get("online").asBoolean()).isTrue();
    }
}
