package camcloud.cloud.event;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.protocol.v1.CameraEvent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pages' push stream and the cameras' latest pictures, on a real node with real cameras: a
 * scripted one over TLS for events, a streaming virtual camera for pictures.
 */
class PushAndSnapshotTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    private static final AtomicInteger PEOPLE = new AtomicInteger();

    @TempDir
    static Path dir;
    static TestCloud cloud;

    @BeforeAll
    static void start() throws Exception {
        cloud = TestCloud.start(dir);
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    record Person(String name, ApiClient api, String cookie, long id) {
    }

    static Person signUp() {
        String name = "viewer" + PEOPLE.incrementAndGet();
        ApiClient api = new ApiClient(cloud.httpBase());
        ApiClient.Response r = api.signUp(name, "correct horse battery " + name);
        assertThat(r.status()).isEqualTo(201);
        String setCookie = r.header("Set-Cookie");
        long id = api.get("/api/me").json().get("id").asLong();
        return new Person(name, api, setCookie.substring(0, setCookie.indexOf(';')), id);
    }

    static HttpResponse<byte[]> get(Person p, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cloud.httpBase() + path))
                .header("Cookie", p.cookie()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** What the page last heard of the camera being online; null: nothing yet. */
    static Boolean lastOnline(PushClient page) {
        var changes = page.named("camera");
        return changes.isEmpty() ? null : changes.get(changes.size() - 1).data().get("online").asBoolean();
    }

    @Test
    void theLatestPictureDecodesToTheCamerasSizeIsCachedAndShownOnlyToThoseWhoMaySeeIt() throws Exception {
        Person owner = signUp();
        Person stranger = signUp();
        TestCloud.Provisioned p = cloud.provision();
        assertThat(owner.api().claim(p.claimCode(), "grid camera").status()).isEqualTo(201);
        String path = "/api/cameras/" + p.serial() + "/snapshot.jpg";

        ApiClient.Response none = owner.api().get(path);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.error()).contains("has sent no video");

        cloud.powerOnStreaming(p.flash());
        assertThat(TestCloud.await(WAIT, () -> owner.api().get(path).status() == 200)).isTrue();
        HttpResponse<byte[]> first = get(owner, path);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type").orElse("")).startsWith("image/jpeg");
        assertThat(first.headers().firstValue("Cache-Control").orElse("")).contains("max-age=");
        BufferedImage picture = ImageIO.read(new ByteArrayInputStream(first.body()));
        assertThat(picture.getWidth()).isEqualTo(TestCloud.STREAMING_SCENE.width());
        assertThat(picture.getHeight()).isEqualTo(TestCloud.STREAMING_SCENE.height());

        long decodes = cloud.server().pictures().decodes();
        HttpResponse<byte[]> again = get(owner, path);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(cloud.server().pictures().decodes()).isEqualTo(decodes); // served from the cache

        assertThat(stranger.api().get(path).status()).isEqualTo(404);
        assertThat(stranger.api().get(path).error()).isEqualTo("unknown camera");
        assertThat(new ApiClient(cloud.httpBase()).get(path).status()).isEqualTo(401);
    }

    @Test
    void pushDeliversEventsAndCameraChangesToTheOwnerNothingToAStrangerAndEndsAtSignOut() throws Exception {
        Person owner = signUp();
        Person stranger = signUp();
        TestCloud.Provisioned p = cloud.provision();
        assertThat(owner.api().claim(p.claimCode(), "porch").status()).isEqualTo(201);

        try (PushClient ownersPage = PushClient.open(cloud.httpBase(), owner.cookie());
             PushClient strangersPage = PushClient.open(cloud.httpBase(), stranger.cookie())) {
            assertThat(ownersPage.status()).isEqualTo(200);
            assertThat(ownersPage.contentType()).startsWith("text/event-stream");
            assertThat(TestCloud.await(WAIT, () -> cloud.server().events() != null)).isTrue();

            EventCamera camera = EventCamera.connect(cloud, EventCamera.identity(p), 7);
            Thread.sleep(1000);
            if (!camera.isOpen()) { // seen on a loaded machine: closed right after Welcome; reconnect as a camera would
                camera = EventCamera.connect(cloud, EventCamera.identity(p), 7);
            }
            assertThat(TestCloud.await(WAIT, () -> lastOnline(ownersPage) == Boolean.TRUE)).isTrue();
            assertThat(ownersPage.named("camera").get(0).data().get("serial").asText()).isEqualTo(p.serial());

            long mono = EventCamera.monoNow();
            camera.send(EventCamera.start("p-1", "motion", mono), EventCamera.jpeg(16, 16));
            assertThat(camera.awaitAck("p-1", CameraEvent.Phase.PHASE_START, 1)).isTrue();
            camera.send(EventCamera.end("p-1", "motion", mono, EventCamera.monoNow()));
            assertThat(TestCloud.await(WAIT, () -> ownersPage.named("event").size() == 2)).isTrue();
            var started = ownersPage.named("event").get(0).data();
            var ended = ownersPage.named("event").get(1).data();
            assertThat(started.get("type").asText()).isEqualTo("motion");
            assertThat(started.get("cameraName").asText()).isEqualTo("porch");
            assertThat(started.get("end").isNull()).isTrue();
            assertThat(started.get("snapshot").asText()).endsWith("/snapshot.jpg");
            assertThat(ended.get("id").asText()).isEqualTo(started.get("id").asText());
            assertThat(ended.get("end").isNull()).isFalse();

            cloud.server().pagePush().toUser(owner.id(), "notification", Map.of("title", "hello"));
            // The node's own notifier pushes too (the motion event above is a notification by default).
            assertThat(TestCloud.await(WAIT, () -> ownersPage.named("notification").stream()
                    .anyMatch(m -> m.data().get("title").asText().equals("hello")))).isTrue();
            assertThat(ownersPage.named("notification")).anyMatch(m -> m.data().get("kind") != null
                    && m.data().get("kind").asText().equals("motion"));

            camera.close();
            assertThat(TestCloud.await(WAIT, () -> lastOnline(ownersPage) == Boolean.FALSE)).isTrue();

            assertThat(strangersPage.messages()).isEmpty();
            assertThat(strangersPage.ended()).isFalse();

            assertThat(owner.api().post("/api/auth/signout", Map.of()).status()).isBetween(200, 204);
            assertThat(TestCloud.await(WAIT, ownersPage::ended)).as("the owner's stream ends at sign-out").isTrue();
            assertThat(strangersPage.ended()).isFalse();
        }
        assertThat(new ApiClient(cloud.httpBase()).get("/api/push").status()).isEqualTo(401);
    }
}
