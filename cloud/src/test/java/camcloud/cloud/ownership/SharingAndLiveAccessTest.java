package camcloud.cloud.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.api.ApiClient;
import camcloud.cloud.live.LiveClient;
import camcloud.cloud.ownership.OwnershipFixture.Camera;
import camcloud.cloud.ownership.OwnershipFixture.Person;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharing a camera view-only and revoking it, and access checked for as long as it is used: a live
 * view ends within seconds when its user signs out, changes their password elsewhere, loses the
 * camera or its share — on a real node, with real streaming cameras and real WebSockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharingAndLiveAccessTest {

    private Path dir;
    private OwnershipFixture f;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        f = new OwnershipFixture(dir);
    }

    @AfterAll
    void stop() {
        f.close();
    }

    @Test
    void aViewerWatchesAndReplaysButChangesNothingAndLosesEverythingWhenTheShareIsRevoked() throws Exception {
        Person owner = f.signUp("olivia");
        Person viewer = f.signUp("victor");
        Person stranger = f.signUp("sam");
        Camera cam = f.streamingCamera();
        f.claim(owner, cam);
        f.awaitSegmentAfter(cam, OwnershipFixture.nowMicros() + 1_000_000);
        String base = "/api/cameras/" + cam.serial();

        ApiClient.Response shared = owner.api().post(base + "/shares", Map.of("username", "Victor"));
        assertThat(shared.status()).isEqualTo(201);
        assertThat(shared.json().get("username").asText()).isEqualTo("victor");
        assertThat(owner.api().post(base + "/shares", Map.of("username", "victor")).status()).as("again").isEqualTo(200);
        assertThat(owner.api().post(base + "/shares", Map.of("username", "nobody-here")).status()).isEqualTo(404);
        assertThat(owner.api().post(base + "/shares", Map.of("username", "olivia")).status()).isEqualTo(400);
        assertThat(owner.api().get(base + "/shares").json()).hasSize(1);

        JsonNode listed = viewer.api().get("/api/cameras").json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("access").asText()).isEqualTo("viewer");
        assertThat(listed.get(0).get("sharedBy").asText()).isEqualTo("olivia");
        assertThat(listed.get(0).path("address").isNull()).as("a viewer does not learn where the camera is").isTrue();

        // Everything to watch and replay, as the owner sees it.
        Set<Long> ownersSegments = f.playlist(owner, cam);
        assertThat(f.playlist(viewer, cam)).containsAll(ownersSegments);
        long someSegment = ownersSegments.iterator().next();
        List<String> videoPaths = List.of(base + "/archive.m3u8?" + f.range(), base + "/export.mp4?" + f.range(),
                base + "/segments/" + someSegment + ".mp4", base + "/timeline?day="
                        + Instant.now().atZone(ZoneOffset.UTC).toLocalDate(), base);
        for (String path : videoPaths) {
            assertThat(f.status(viewer, path)).as("viewer: %s", path).isEqualTo(200);
            assertThat(f.status(stranger, path)).as("stranger: %s", path).isEqualTo(404);
        }
        LiveClient live = f.watch(viewer, cam);

        // Nothing to change.
        assertThat(viewer.api().patch(base, Map.of("name", "mine")).status()).isEqualTo(403);
        assertThat(viewer.api().delete(base + "?recordings=delete").status()).isEqualTo(403);
        assertThat(viewer.api().get(base + "/recording").status()).isEqualTo(403);
        assertThat(viewer.api().post(base + "/commands", Map.of("type", "ping")).status()).isEqualTo(403);
        assertThat(viewer.api().get(base + "/shares").status()).isEqualTo(403);
        assertThat(viewer.api().post(base + "/shares", Map.of("username", "sam")).status()).isEqualTo(403);
        assertThat(viewer.api().delete(base + "/recordings").status()).isEqualTo(403);
        assertThat(owner.api().get("/api/cameras").json().get(0).get("name").asText()).isEqualTo("olivia's camera");

        // Revoked: live ends at once, and every endpoint forgets the camera.
        assertThat(owner.api().delete(base + "/shares/victor").status()).isEqualTo(204);
        assertThat(OwnershipFixture.awaitEnded(live)).startsWith("1008").contains("access to this camera ended");
        for (String path : videoPaths) {
            assertThat(f.status(viewer, path)).as("after revoking: %s", path).isEqualTo(404);
        }
        assertThat(viewer.api().get("/api/cameras").json()).isEmpty();
        assertThat(f.liveStatus(viewer, cam)).isEqualTo(404);
        assertThat(owner.api().delete(base + "/shares/victor").status()).isEqualTo(404);
    }

    @Test
    void aViewerMayLeaveAndASharedViewEndsWithTheOwnershipItBelongedTo() throws Exception {
        Person owner = f.signUp("owen");
        Person viewer = f.signUp("vera");
        Person next = f.signUp("nina");
        Camera cam = f.streamingCamera();
        f.claim(owner, cam);
        String base = "/api/cameras/" + cam.serial();
        assertThat(owner.api().post(base + "/shares", Map.of("username", "vera")).status()).isEqualTo(201);
        assertThat(viewer.api().delete(base + "/shares/owen").status()).as("not hers to end").isEqualTo(403);
        assertThat(viewer.api().delete(base + "/shares/vera").status()).as("she leaves").isEqualTo(204);
        assertThat(viewer.api().get("/api/cameras").json()).isEmpty();

        assertThat(owner.api().post(base + "/shares", Map.of("username", "vera")).status()).isEqualTo(201);
        LiveClient viewersLive = f.watch(viewer, cam);
        LiveClient ownersLive = f.watch(owner, cam);
        assertThat(owner.api().delete(base + "?recordings=keep").status()).isEqualTo(204);
        assertThat(OwnershipFixture.awaitEnded(ownersLive)).startsWith("1008");
        assertThat(OwnershipFixture.awaitEnded(viewersLive)).startsWith("1008");

        f.claim(next, cam);
        assertThat(viewer.api().get("/api/cameras").json()).as("the share went with the release").isEmpty();
        assertThat(f.liveStatus(viewer, cam)).isEqualTo(404);
        assertThat(f.liveStatus(owner, cam)).as("the former owner gets no live video").isEqualTo(403);
        assertThat(f.liveStatus(next, cam)).isEqualTo(101);
    }

    @Test
    void signingOutEndsThatSessionsLiveViewOnly() throws Exception {
        Person owner = f.signUp("sofia");
        Person sameOnPhone = f.signInAgain(owner);
        Camera cam = f.streamingCamera();
        f.claim(owner, cam);
        LiveClient laptop = f.watch(owner, cam);
        LiveClient phone = f.watch(sameOnPhone, cam);

        assertThat(owner.api().post("/api/auth/signout", Map.of()).status()).isEqualTo(204);
        assertThat(OwnershipFixture.awaitEnded(laptop)).startsWith("1008").contains("signed out");
        int before = phone.binaryCount();
        assertThat(camcloud.cloud.TestCloud.await(java.time.Duration.ofSeconds(5), () -> phone.binaryCount() > before + 5)).isTrue();
        assertThat(phone.closedWith()).as("the other session goes on").isNull();
        phone.close();
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionAndItsLiveViewButNotThisOne() throws Exception {
        Person owner = f.signUp("paula");
        Person elsewhere = f.signInAgain(owner);
        Camera cam = f.streamingCamera();
        f.claim(owner, cam);
        LiveClient elsewhereLive = f.watch(elsewhere, cam);

        ApiClient.Response wrong = owner.api().post("/api/me/password",
                Map.of("currentPassword", "not my password", "newPassword", "a brand new passphrase"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.error()).isEqualTo("the current password is wrong");
        ApiClient.Response weak = owner.api().post("/api/me/password",
                Map.of("currentPassword", "correct horse battery paula", "newPassword", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.error()).contains("at least");
        assertThat(elsewhereLive.closedWith()).as("a refused change ends nothing").isNull();

        ApiClient.Response changed = owner.api().post("/api/me/password",
                Map.of("currentPassword", "correct horse battery paula", "newPassword", "a brand new passphrase"));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().get("otherSessionsEnded").asInt()).isEqualTo(1);
        assertThat(OwnershipFixture.awaitEnded(elsewhereLive)).startsWith("1008").contains("signed out");
        assertThat(elsewhere.api().get("/api/me").status()).isEqualTo(401);
        assertThat(owner.api().get("/api/me").status()).as("this session goes on").isEqualTo(200);
        assertThat(owner.api().signIn("paula", "correct horse battery paula").status()).isEqualTo(401);
        assertThat(new ApiClient(f.cloud.httpBase()).signIn("paula", "a brand new passphrase").status()).isEqualTo(200);
    }

    @Test
    void liveVideoOpensOnlyFromTheAppsOwnPages() throws Exception {
        Person owner = f.signUp("oscar");
        Camera cam = f.streamingCamera();
        f.claim(owner, cam);
        for (String origin : new String[] {"http://evil.example", "null", "http://127.0.0.1:1", null}) {
            assertThatThrownBy(() -> LiveClient.connect(f.cloud.httpBase(), cam.serial(), owner.cookie(), origin))
                    .as("origin %s", origin).isInstanceOfSatisfying(LiveClient.Refused.class,
                            r -> assertThat(r.status).isEqualTo(403));
        }
        assertThat(f.liveStatus(owner, cam)).isEqualTo(101);
    }
}
