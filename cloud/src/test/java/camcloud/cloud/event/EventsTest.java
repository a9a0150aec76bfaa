package camcloud.cloud.event;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.device.identity.CameraIdentity;
import camcloud.protocol.v1.CameraEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events from a camera over a real TLS session with its device certificate, into a real node, and
 * out through the HTTP API as each person may see them.
 */
class EventsTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger PEOPLE = new AtomicInteger();
    private static final AtomicInteger BOOTS = new AtomicInteger(1000);

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

    record Person(String name, ApiClient api, String cookie) {
    }

    static Person signUp() {
        String name = "person" + PEOPLE.incrementAndGet();
        ApiClient api = new ApiClient(cloud.httpBase());
        ApiClient.Response r = api.signUp(name, "correct horse battery " + name);
        assertThat(r.status()).isEqualTo(201);
        String setCookie = r.header("Set-Cookie");
        return new Person(name, api, setCookie.substring(0, setCookie.indexOf(';')));
    }

    record Cam(TestCloud.Provisioned provisioned, CameraIdentity identity) {
        String serial() {
            return provisioned.serial();
        }
    }

    static Cam claimedBy(Person p) throws Exception {
        TestCloud.Provisioned prov = cloud.provision();
        assertThat(p.api().claim(prov.claimCode(), p.name() + "'s camera").status()).isEqualTo(201);
        return new Cam(prov, EventCamera.identity(prov));
    }

    static EventCamera online(Cam c) throws Exception {
        EventCamera camera = EventCamera.connect(cloud, c.identity(), BOOTS.incrementAndGet());
        try {
            camera.video();
        } catch (java.io.IOException e) {
            // seen once on a loaded machine: the gateway's idle watch closed a session right after Welcome;
            // a camera reconnects, and so does this one
            camera.close();
            camera = EventCamera.connect(cloud, c.identity(), BOOTS.incrementAndGet());
            camera.video();
        }
        return camera;
    }

    static JsonNode events(Person p, String path) {
        ApiClient.Response r = p.api().get(path);
        assertThat(r.status()).as("%s: %s", path, r.text()).isEqualTo(200);
        return r.json();
    }

    static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("events").forEach(e -> out.add(e.get("id").asText()));
        return out;
    }

    static byte[] bytes(Person p, String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cloud.httpBase()
                + path)).header("Cookie", p.cookie()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("image/jpeg");
        return r.body();
    }

    @Test
    void startWithSnapshotThenEndIsStoredOnceAndAcknowledgedEvenWhenResentAfterAReconnect() throws Exception {
        Person owner = signUp();
        Cam cam = claimedBy(owner);
        Instant before = Instant.now();
        byte[] snapshot = EventCamera.jpeg(64, 48);
        long startMono;
        long endMono;
        try (EventCamera camera = online(cam)) {
            assertThat(camera.cloudCapabilities()).contains("events.v1");
            startMono = EventCamera.monoNow();
            endMono = startMono + 1_500_000;
            camera.send(EventCamera.start("boot1-1", "motion", startMono).setZone("porch"), snapshot);
            Thread.sleep(1500); // the camera sends END when the event has ended
            camera.send(EventCamera.end("boot1-1", "motion", startMono, endMono));
            assertThat(camera.awaitAck("boot1-1", CameraEvent.Phase.PHASE_START, 1)).isTrue();
            assertThat(camera.awaitAck("boot1-1", CameraEvent.Phase.PHASE_END, 1)).isTrue();
        }
        // the camera did not hear the acks (say): after a reconnect it sends both again
        try (EventCamera again = EventCamera.connect(cloud, cam.identity(), BOOTS.get())) {
            again.send(EventCamera.start("boot1-1", "motion", startMono).setZone("porch"), snapshot);
            again.send(EventCamera.end("boot1-1", "motion", startMono, endMono));
            assertThat(again.awaitAck("boot1-1", CameraEvent.Phase.PHASE_START, 1)).isTrue();
            assertThat(again.awaitAck("boot1-1", CameraEvent.Phase.PHASE_END, 1)).isTrue();
        }
        JsonNode page = events(owner, "/api/cameras/" + cam.serial() + "/events");
        assertThat(page.get("events")).hasSize(1);
        assertThat(page.get("next").isNull()).isTrue();
        JsonNode e = page.get("events").get(0);
        assertThat(e.get("camera").asText()).isEqualTo(cam.serial());
        assertThat(e.get("cameraName").asText()).isEqualTo(owner.name() + "'s camera");
        assertThat(e.get("type").asText()).isEqualTo("motion");
        assertThat(e.get("zone").asText()).isEqualTo("porch");
        assertThat(e.get("score").asDouble()).isEqualTo(0.5);
        assertThat(e.get("details").get("frames").asText()).isEqualTo("12");
        Instant start = Instant.parse(e.get("start").asText());
        Instant end = Instant.parse(e.get("end").asText());
        assertThat(start).isBetween(before, Instant.now());
        assertThat(Duration.between(start, end).toMillis()).isBetween(1400L, 1600L);
        // the same event by its id, and its snapshot as the camera sent it
        JsonNode one = owner.api().get("/api/events/" + e.get("id").asText()).json();
        assertThat(one).isEqualTo(e);
        byte[] jpeg = bytes(owner, e.get("snapshot").asText());
        assertThat(jpeg).isEqualTo(snapshot);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(48);
    }

    @Test
    void listsFilterByTypeAndTimeAndPageNewestFirstWithACursor() throws Exception {
        Person owner = signUp();
        Cam cam = claimedBy(owner);
        try (EventCamera camera = online(cam)) {
            long mono = EventCamera.monoNow();
            for (int i = 0; i < 5; i++) {
                String id = "b-" + i;
                String type = i % 2 == 0 ? "motion" : "sound";
                camera.send(EventCamera.start(id, type, mono + i * 100_000L));
                camera.send(EventCamera.end(id, type, mono + i * 100_000L, mono + i * 100_000L + 50_000));
            }
            assertThat(camera.awaitAck("b-4", CameraEvent.Phase.PHASE_END, 1)).isTrue();
        }
        String base = "/api/cameras/" + cam.serial() + "/events";
        JsonNode all = events(owner, base);
        assertThat(all.get("events")).hasSize(5);
        List<String> newestFirst = ids(all);
        List<Instant> starts = new ArrayList<>();
        all.get("events").forEach(e -> starts.add(Instant.parse(e.get("start").asText())));
        assertThat(starts).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        JsonNode sounds = events(owner, base + "?type=sound");
        assertThat(sounds.get("events")).hasSize(2).allMatch(e -> e.get("type").asText().equals("sound"));
        assertThat(events(owner, base + "?type=sound,motion").get("events")).hasSize(5);

        JsonNode first = events(owner, base + "?limit=2");
        assertThat(ids(first)).isEqualTo(newestFirst.subList(0, 2));
        JsonNode second = events(owner, base + "?limit=2&before=" + first.get("next").asText());
        assertThat(ids(second)).isEqualTo(newestFirst.subList(2, 4));
        JsonNode third = events(owner, base + "?limit=2&before=" + second.get("next").asText());
        assertThat(ids(third)).isEqualTo(newestFirst.subList(4, 5));
        assertThat(third.get("next").isNull()).isTrue();

        String third0 = all.get("events").get(2).get("start").asText();
        JsonNode older = events(owner, base + "?to=" + third0);
        assertThat(ids(older)).isEqualTo(newestFirst.subList(3, 5));
        JsonNode newer = events(owner, base + "?from=" + third0);
        assertThat(ids(newer)).isEqualTo(newestFirst.subList(0, 3));
        // across cameras, by camera
        assertThat(ids(events(owner, "/api/events?camera=" + cam.serial()))).isEqualTo(newestFirst);

        for (String[] bad : new String[][] {{"limit=0", "'limit'"}, {"limit=abc", "'limit'"},
                {"from=yesterday", "'from'"}, {"to=+300000-01-01T00:00:00Z", "'to'"}, {"type=Motion!", "'type'"},
                {"before=zzz", "'before'"}, {"from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "'from'"}}) {
            ApiClient.Response r = owner.api().get(base + "?" + bad[0]);
            assertThat(r.status()).as(bad[0]).isEqualTo(400);
            assertThat(r.error()).as(bad[0]).contains(bad[1]);
        }
        Person stranger = signUp();
        assertThat(stranger.api().get(base).status()).isEqualTo(404);
        assertThat(stranger.api().get("/api/events?camera=" + cam.serial()).status()).isEqualTo(404);
        assertThat(stranger.api().get("/api/events/" + newestFirst.get(0)).status()).isEqualTo(404);
        assertThat(stranger.api().get("/api/events").json().get("events")).isEmpty();
        assertThat(new ApiClient(cloud.httpBase()).get("/api/events").status()).isEqualTo(401);
    }

    @Test
    void aSecondHandCamerasEarlierEventsAreNotTheNewOwnersAndADeletingReleaseDeletesThem() throws Exception {
        Person alice = signUp();
        Person bob = signUp();
        Person carol = signUp();
        Cam cam = claimedBy(alice);
        try (EventCamera camera = online(cam)) {
            camera.send(EventCamera.start("a-1", "motion", EventCamera.monoNow()), EventCamera.jpeg(32, 32));
            assertThat(camera.awaitAck("a-1", CameraEvent.Phase.PHASE_START, 1)).isTrue();
            Thread.sleep(20);
            assertThat(alice.api().delete("/api/cameras/" + cam.serial() + "?recordings=keep").status())
                    .isEqualTo(204);
        }
        // A release closes the camera's session (it starts again from its defaults); it dials again.
        Thread.sleep(20);
        assertThat(bob.api().claim(cam.provisioned().claimCode(), "bob's camera").status()).isEqualTo(201);
        Thread.sleep(20);
        try (EventCamera camera = online(cam)) {
            camera.send(EventCamera.start("b-1", "sound", EventCamera.monoNow()), EventCamera.jpeg(32, 32));
            assertThat(camera.awaitAck("b-1", CameraEvent.Phase.PHASE_START, 1)).isTrue();
        }
        List<String> alices = ids(events(alice, "/api/events"));
        List<String> bobs = ids(events(bob, "/api/events"));
        assertThat(alices).hasSize(1);
        assertThat(bobs).hasSize(1).doesNotContainAnyElementsOf(alices);
        assertThat(events(bob, "/api/cameras/" + cam.serial() + "/events").get("events")).hasSize(1);
        assertThat(bob.api().get("/api/events/" + alices.get(0)).status()).isEqualTo(404);
        assertThat(bob.api().get("/api/events/" + alices.get(0) + "/snapshot.jpg").status()).isEqualTo(404);
        assertThat(alice.api().get("/api/events/" + bobs.get(0)).status()).isEqualTo(404);
        assertThat(alice.api().get("/api/events/" + alices.get(0) + "/snapshot.jpg").status()).isEqualTo(200);
        // a viewer of bob's share sees bob's events, not alice's
        assertThat(bob.api().post("/api/cameras/" + cam.serial() + "/shares", java.util.Map.of("username",
                carol.name())).status()).isBetween(200, 201);
        assertThat(ids(events(carol, "/api/events"))).isEqualTo(bobs);
        assertThat(carol.api().get("/api/events/" + bobs.get(0) + "/snapshot.jpg").status()).isEqualTo(200);
        // bob releases deleting his recordings: his events go with them, alice's kept ones stay
        assertThat(bob.api().delete("/api/cameras/" + cam.serial() + "?recordings=delete").status()).isEqualTo(204);
        assertThat(cloud.server().events().byId(bobs.get(0))).isEmpty();
        assertThat(cloud.server().events().byId(alices.get(0))).isPresent();
        assertThat(ids(events(alice, "/api/events"))).isEqualTo(alices);
    }

    @Test
    void malformedEventFramesAreRefusedCleanlyAndTheConnectionAndItsOtherEventsGoOn() throws Exception {
        Person owner = signUp();
        Cam cam = claimedBy(owner);
        // an event before Hello: the first frame must be Hello
        try (var raw = EventCamera.connectRaw(cloud, cam.identity())) {
            raw.send(camcloud.protocol.v1.Envelope.newBuilder().setCameraEvent(EventCamera.start("x", "motion", 1))
                    .build());
            camcloud.protocol.v1.Envelope bye = raw.receive(WAIT);
            assertThat(bye.hasGoodbye()).isTrue();
            assertThat(bye.getGoodbye().getDetail()).contains("first frame must be Hello");
        }
        long refusedBefore = cloud.server().events().refusedCount();
        try (EventCamera camera = online(cam)) {
            long mono = EventCamera.monoNow();
            camera.send(EventCamera.start("huge", "motion", mono), hugeJpeg(2 << 20));
            camera.send(EventCamera.start("notjpeg", "motion", mono), "GIF89a not a jpeg".getBytes());
            camera.send(EventCamera.end("orphan", "motion", mono, mono + 1));
            camera.send(EventCamera.start("badtype", "Motion!\n", mono));
            camera.send(EventCamera.start("bad\nid", "motion", mono));
            camera.send(EventCamera.start("badzone", "motion", mono).setZone("z".repeat(100)));
            camera.send(EventCamera.start("baddetail", "motion", mono).putDetails("k", "line\nbreak"));
            camera.send(EventCamera.start("nan", "motion", mono).setScore(Float.NaN));
            camera.send(EventCamera.start("good", "sound", mono), EventCamera.jpeg(16, 16));
            for (String id : List.of("huge", "notjpeg", "badtype", "bad\nid", "badzone", "baddetail", "nan", "good")) {
                assertThat(camera.awaitAck(id, CameraEvent.Phase.PHASE_START, 1)).as(id).isTrue();
            }
            assertThat(camera.awaitAck("orphan", CameraEvent.Phase.PHASE_END, 1)).isTrue();
            assertThat(camera.isOpen()).isTrue();
            assertThat(camera.goodbye()).isNull();
        }
        assertThat(cloud.server().events().refusedCount() - refusedBefore).isEqualTo(6);
        JsonNode page = events(owner, "/api/cameras/" + cam.serial() + "/events");
        assertThat(page.get("events")).hasSize(3); // huge and notjpeg kept without their snapshot, and good
        for (JsonNode e : page.get("events")) {
            boolean good = e.get("type").asText().equals("sound");
            assertThat(e.get("snapshot").isNull()).as(e.toString()).isEqualTo(!good);
        }
    }

    /** A payload that starts like a JPEG and is {@code size} bytes long. */
    private static byte[] hugeJpeg(int size) {
        byte[] b = new byte[size];
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        return b;
    }
}
