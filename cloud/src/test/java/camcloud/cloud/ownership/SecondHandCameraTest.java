package camcloud.cloud.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.api.ApiClient;
import camcloud.cloud.archive.FfmpegCheck;
import camcloud.cloud.ownership.OwnershipFixture.Camera;
import camcloud.cloud.ownership.OwnershipFixture.Person;
import camcloud.cloud.recording.Segment;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera changing hands on a real node while it streams: what it recorded before a claim, under
 * its first owner, and under its second are each visible to the right person only, through every
 * video endpoint (live, archive playlist, segment, export, timeline), and a release that deletes the
 * recordings deletes them. The expectations come from the test's own clock around each claim and
 * release, not from the server's rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondHandCameraTest {

    /** Slack for the last frame of a segment closed at a release (one frame, clock rounding). */
    private static final long SLACK = 250_000;

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
    void eachOwnerSeesOnlyWhatWasRecordedWhileTheCameraWasTheirsThroughEveryVideoEndpoint() throws Exception {
        Person alice = f.signUp("alice");
        Person bob = f.signUp("bob");
        Person carol = f.signUp("carol");
        Camera cam = f.streamingCamera();
        f.awaitSegmentAfter(cam, 0); // recorded before anyone owned it

        long beforeClaimA = OwnershipFixture.nowMicros();
        f.claim(alice, cam);
        long afterClaimA = OwnershipFixture.nowMicros();
        f.awaitSegmentAfter(cam, afterClaimA + 2_000_000);
        long beforeReleaseA = OwnershipFixture.nowMicros();
        assertThat(alice.api().delete("/api/cameras/" + cam.serial() + "?recordings=keep").status()).isEqualTo(204);
        long afterReleaseA = OwnershipFixture.nowMicros();
        f.awaitSegmentAfter(cam, afterReleaseA + 1_000_000); // recorded while nobody owned it
        long beforeClaimB = OwnershipFixture.nowMicros();
        f.claim(bob, cam);
        long afterClaimB = OwnershipFixture.nowMicros();
        f.awaitSegmentAfter(cam, afterClaimB + 2_000_000);

        List<Segment> before = f.recorded(cam);
        Set<Long> alices = f.playlist(alice, cam);
        Set<Long> bobs = f.playlist(bob, cam);
        List<Segment> after = f.recorded(cam);

        // The recorder cut the camera's video where it changed hands: no segment holds two owners' video.
        for (Segment s : after) {
            for (long boundary : new long[] {beforeReleaseA, afterClaimB}) {
                assertThat(s.startMicros() < boundary - SLACK && s.endMicros() > boundary + 1_000_000)
                        .as("segment %d straddles an ownership change", s.id()).isFalse();
            }
        }
        // Alice: exactly her ownership's video.
        assertThat(ids(after, s -> s.startMicros() >= beforeClaimA && s.endMicros() <= afterReleaseA + SLACK))
                .as("alice sees nothing outside her ownership").containsAll(alices);
        assertThat(alices).as("alice sees all she recorded")
                .containsAll(ids(before, s -> s.startMicros() >= afterClaimA && s.endMicros() <= beforeReleaseA));
        assertThat(alices).isNotEmpty();
        // Bob: from his claim on, nothing before.
        assertThat(ids(after, s -> s.startMicros() >= beforeClaimB)).as("bob sees nothing before his claim")
                .containsAll(bobs);
        assertThat(bobs).as("bob sees all he recorded").containsAll(ids(before, s -> s.startMicros() >= afterClaimB));
        assertThat(bobs).isNotEmpty().doesNotContainAnyElementsOf(alices);

        // Segments one by one: served to whoever's playlist lists them, to nobody else.
        for (Segment s : before) {
            String path = "/api/cameras/" + cam.serial() + "/segments/" + s.id() + ".mp4";
            assertThat(f.status(alice, path)).as("alice, segment %d", s.id()).isEqualTo(alices.contains(s.id()) ? 200 : 404);
            assertThat(f.status(bob, path)).as("bob, segment %d", s.id()).isEqualTo(bobs.contains(s.id()) ? 200 : 404);
            assertThat(f.status(carol, path)).as("carol, segment %d", s.id()).isEqualTo(404);
        }
        // Timeline: each sees ranges only inside their own ownership.
        for (JsonNode range : timelineRanges(alice, cam)) {
            assertThat(micros(range.get("from").asText())).isGreaterThanOrEqualTo(beforeClaimA);
            assertThat(micros(range.get("to").asText())).isLessThanOrEqualTo(afterReleaseA + SLACK);
        }
        for (JsonNode range : timelineRanges(bob, cam)) {
            assertThat(micros(range.get("from").asText())).isGreaterThanOrEqualTo(beforeClaimB);
        }
        assertThat(timelineRanges(bob, cam)).isNotEmpty();
        // Export: the whole test's range holds no more than each one's own time.
        FfmpegCheck.assumeAvailable();
        assertThat(exportSeconds(alice, cam, "alice")).isGreaterThan(0)
                .isLessThanOrEqualTo((afterReleaseA - beforeClaimA + SLACK) / 1e6);
        assertThat(exportSeconds(bob, cam, "bob")).isGreaterThan(0)
                .isLessThanOrEqualTo((OwnershipFixture.nowMicros() - beforeClaimB) / 1e6);
        // Live: the owner of the moment; the former owner is told why not; a stranger learns nothing.
        assertThat(f.liveStatus(bob, cam)).isEqualTo(101);
        assertThat(f.liveStatus(alice, cam)).isEqualTo(403);
        assertThat(f.liveStatus(carol, cam)).isEqualTo(404);
        for (String path : List.of("/archive.m3u8?" + f.range(), "/export.mp4?" + f.range(), "",
                "/timeline?day=" + Instant.now().atZone(ZoneOffset.UTC).toLocalDate())) {
            assertThat(f.status(carol, "/api/cameras/" + cam.serial() + path)).as("carol: %s", path).isEqualTo(404);
        }
        // Lists: alice keeps a former camera with her name for it, bob owns it under his.
        JsonNode alicesList = alice.api().get("/api/cameras").json();
        assertThat(alicesList).hasSize(1);
        assertThat(alicesList.get(0).get("access").asText()).isEqualTo("former");
        assertThat(alicesList.get(0).get("name").asText()).isEqualTo("alice's camera");
        assertThat(alicesList.get(0).get("online").asBoolean()).as("a former owner learns nothing of now").isFalse();
        assertThat(alicesList.get(0).path("address").isNull()).isTrue();
        JsonNode bobsList = bob.api().get("/api/cameras").json();
        assertThat(bobsList.get(0).get("access").asText()).isEqualTo("owner");
        assertThat(alice.api().patch("/api/cameras/" + cam.serial(), java.util.Map.of("name", "mine")).status())
                .isEqualTo(403);

        // Alice lets her kept recordings go: they are deleted, bob's stay.
        assertThat(alice.api().delete("/api/cameras/" + cam.serial() + "/recordings").status()).isEqualTo(204);
        Set<Long> left = ids(f.recorded(cam), s -> true);
        assertThat(left).doesNotContainAnyElementsOf(alices).containsAll(bobs);
        assertThat(alice.api().get("/api/cameras").json()).isEmpty();
        assertThat(f.status(alice, "/api/cameras/" + cam.serial() + "/archive.m3u8?" + f.range())).isEqualTo(404);
        List<String> stored = f.cloud.server().videoStore().keys();
        assertThat(before.stream().filter(s -> alices.contains(s.id())).map(Segment::storageKey))
                .as("files of the erased segments").doesNotContainAnyElementsOf(stored);
    }

    @Test
    void releasingWithTheRecordingsDeletedDeletesThemAndTheNextOwnerStartsFromNothing() throws Exception {
        Person dan = f.signUp("dan");
        Person erin = f.signUp("erin");
        Camera cam = f.streamingCamera();
        long beforeClaim = OwnershipFixture.nowMicros();
        f.claim(dan, cam);
        long afterClaim = OwnershipFixture.nowMicros();
        f.awaitSegmentAfter(cam, afterClaim + 2_000_000);
        ApiClient.Response settings = dan.api().send("PUT", "/api/cameras/" + cam.serial() + "/recording",
                "{\"enabled\":true,\"retentionDays\":3}", "application/json", java.util.Map.of());
        assertThat(settings.status()).isEqualTo(200);
        Set<Long> dans = f.playlist(dan, cam);
        assertThat(dans).isNotEmpty();

        ApiClient.Response noChoice = dan.api().delete("/api/cameras/" + cam.serial());
        assertThat(noChoice.status()).isEqualTo(400);
        assertThat(noChoice.error()).contains("recordings=keep").contains("recordings=delete");
        long beforeRelease = OwnershipFixture.nowMicros();
        assertThat(dan.api().delete("/api/cameras/" + cam.serial() + "?recordings=delete").status()).isEqualTo(204);
        long afterRelease = OwnershipFixture.nowMicros();

        assertThat(ids(f.recorded(cam), s -> s.endMicros() > beforeClaim + 1_000_000 && s.startMicros() < beforeRelease))
                .as("nothing recorded while dan owned the camera is left").isEmpty();
        assertThat(dan.api().get("/api/cameras").json()).isEmpty();
        assertThat(f.status(dan, "/api/cameras/" + cam.serial())).isEqualTo(404);

        f.claim(erin, cam);
        f.awaitSegmentAfter(cam, OwnershipFixture.nowMicros() + 1_000_000);
        Set<Long> erins = f.playlist(erin, cam);
        assertThat(erins).isNotEmpty();
        assertThat(f.recorded(cam).stream().filter(s -> erins.contains(s.id())))
                .allMatch(s -> s.startMicros() >= afterRelease);
        ApiClient.Response erinsSettings = erin.api().get("/api/cameras/" + cam.serial() + "/recording");
        assertThat(erinsSettings.json().get("retentionDays").isNull())
                .as("the last owner's settings went with them").isTrue();
    }

    private Set<Long> ids(List<Segment> segments, java.util.function.Predicate<Segment> which) {
        return segments.stream().filter(which).map(Segment::id).collect(Collectors.toCollection(HashSet::new));
    }

    private List<JsonNode> timelineRanges(Person p, Camera cam) {
        List<JsonNode> out = new java.util.ArrayList<>();
        Set<String> days = new java.util.TreeSet<>(List.of(f.started.atZone(ZoneOffset.UTC).toLocalDate().toString(),
                Instant.now().atZone(ZoneOffset.UTC).toLocalDate().toString()));
        for (String day : days) {
            ApiClient.Response r = p.api().get("/api/cameras/" + cam.serial() + "/timeline?day=" + day);
            assertThat(r.status()).isEqualTo(200);
            r.json().get("ranges").forEach(out::add);
        }
        return out;
    }

    private double exportSeconds(Person p, Camera cam, String name) throws Exception {
        ApiClient.Response r = p.api().get("/api/cameras/" + cam.serial() + "/export.mp4?" + f.range());
        assertThat(r.status()).as("%s's export", name).isEqualTo(200);
        byte[] bytes = exportBytes(p, cam);
        Path mp4 = dir.resolve(name + "-export.mp4");
        Files.write(mp4, bytes);
        return FfmpegCheck.duration(mp4.toString());
    }

    private byte[] exportBytes(Person p, Camera cam) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.cloud.httpBase() + "/api/cameras/"
                + cam.serial() + "/export.mp4?" + f.range())).header("Cookie", p.cookie()).build();
        return java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private static long micros(String iso) {
        return java.time.OffsetDateTime.parse(iso).toInstant().toEpochMilli() * 1000;
    }
}
