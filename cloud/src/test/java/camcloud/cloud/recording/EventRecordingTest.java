package camcloud.cloud.recording;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.ingest.Checkers;
import camcloud.cloud.live.LiveClient;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.uplink.RecordingMode;
import camcloud.device.uplink.UplinkStats;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events-only recording end to end: a virtual camera streaming its synthetic scene (25 fps, a
 * keyframe every second) to a real cloud node, switched to events mode through its uplink (the
 * settings path that does so in production is VirtualCamera's, wired at merge).
 */
class EventRecordingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int FPS = TestCloud.STREAMING_SCENE.fps();
    private static final Duration PRE_ROLL = Duration.ofSeconds(2);
    private static final Duration POST_ROLL = Duration.ofSeconds(2);
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private record Owned(TestCloud cloud, ApiClient owner, String cookie, String serial, VirtualCamera camera,
                         SegmentIndex index, long recordedBefore) {

        List<Segment> segments() {
            return index.segments(serial, 0, Long.MAX_VALUE);
        }

        /** Segments begun after the camera switched to events mode (the first units may have gone before). */
        List<Segment> segmentsSinceEventsMode() {
            return segments().stream().filter(s -> s.firstSequence() > recordedBefore).toList();
        }

        JsonNode timeline() {
            return owner.get("/api/cameras/" + serial + "/timeline?day=" + LocalDate.now(ZoneOffset.UTC) + "&tz=UTC")
                    .json();
        }

        UplinkStats stats() {
            return camera.uplink().stats();
        }

        /** The sequence number the camera's next unit will get. */
        long nextSequence() {
            UplinkStats s = stats();
            return s.unitsRead() - s.unitsSkipped();
        }
    }

    /** An owner's camera, streaming, switched to events mode as soon as it is on. */
    private Owned eventsModeCamera(TestCloud cloud) throws Exception {
        TestCloud.Provisioned p = cloud.provision();
        ApiClient owner = new ApiClient(cloud.httpBase());
        ApiClient.Response signUp = owner.signUp("eve", PASSWORD);
        String cookie = signUp.header("Set-Cookie").split(";", 2)[0];
        assertThat(owner.claim(p.claimCode(), "Porch").status()).isEqualTo(201);
        VirtualCamera camera = cloud.powerOnStreaming(p.flash());
        camera.uplink().recordingMode(RecordingMode.EVENTS, PRE_ROLL, POST_ROLL);
        assertThat(TestCloud.await(WAIT, () -> camera.uplink().stats().heldUnits() > 0)).as("pre-roll held").isTrue();
        UplinkStats s = camera.uplink().stats();
        long recordedBefore = s.unitsRead() - s.unitsSkipped();
        return new Owned(cloud, owner, cookie, p.serial(), camera, new SegmentIndex(cloud.server().database()),
                recordedBefore);
    }

    @Test
    void withNoEventNothingIsRecordedAndTheTimelineShowsTheTimeAsIdleWhileAcknowledgementsKeepTheBufferEmpty()
            throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            Owned cam = eventsModeCamera(cloud);

            assertThat(TestCloud.await(WAIT, () -> idleMillis(cam.timeline()) >= 5000))
                    .as("an idle stretch of 5 s on the timeline").isTrue();
            assertThat(TestCloud.await(WAIT, () -> cam.stats().gaps() >= 2 && cam.stats().bufferedUnits()
                    == cam.stats().heldUnits())).as("idle runs reported and acknowledged").isTrue();

            assertThat(cam.segmentsSinceEventsMode()).as("nothing recorded without an event").isEmpty();
            assertThat(cam.segments()).noneMatch(Segment::eventClip);
            UplinkStats stats = cam.stats();
            assertThat(stats.unitsDropped()).as("idle is not loss").isZero();
            assertThat(stats.unitsIdle()).isPositive();
            assertThat(stats.heldUnits()).as("at most the pre-roll and a GOP").isLessThanOrEqualTo(
                    (int) (PRE_ROLL.toSeconds() + 1) * FPS + 1);
            assertThat(cam.index().gaps(cam.serial(), 0, Long.MAX_VALUE))
                    .filteredOn(g -> g.reason().equals("idle")).hasSize(1);
        }
    }

    @Test
    void anEventRecordsOneClipFromAKeyframeAtLeastThePreRollBeforeItsStartToThePostRollAfterItsEnd()
            throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            Owned cam = eventsModeCamera(cloud);
            long preRollFrames = PRE_ROLL.toSeconds() * FPS;
            long postRollFrames = POST_ROLL.toSeconds() * FPS;
            long held = cam.nextSequence();
            assertThat(TestCloud.await(WAIT, () -> cam.nextSequence() > held + preRollFrames + FPS))
                    .as("more than the pre-roll captured").isTrue();

            cam.camera().uplink().eventActive(true);
            long startSequence = cam.nextSequence() - 1; // the newest unit when the event began
            assertThat(TestCloud.await(WAIT, () -> cam.nextSequence() > startSequence + 3L * FPS)).isTrue();
            cam.camera().uplink().eventActive(false);
            long endSequence = cam.nextSequence() - 1;

            assertThat(TestCloud.await(WAIT, () -> {
                List<Segment> clips = cam.segments().stream().filter(Segment::eventClip).toList();
                return !clips.isEmpty() && clips.get(clips.size() - 1).lastSequence() >= endSequence + postRollFrames;
            })).as("the clip is stored through its post-roll").isTrue();
            assertThat(TestCloud.await(WAIT, () -> cam.stats().bufferedUnits() == cam.stats().heldUnits()))
                    .as("every unit of the clip acknowledged").isTrue();

            List<Segment> clip = cam.segmentsSinceEventsMode();
            assertThat(clip).isNotEmpty().allMatch(Segment::eventClip);
            for (int i = 1; i < clip.size(); i++) {
                assertThat(clip.get(i).firstSequence()).as("one clip, without a hole")
                        .isEqualTo(clip.get(i - 1).lastSequence() + 1);
            }
            long first = clip.get(0).firstSequence();
            long last = clip.get(clip.size() - 1).lastSequence();
            assertThat(first).as("at least the pre-roll before the event's start")
                    .isLessThanOrEqualTo(startSequence - preRollFrames)
                    .as("from the newest keyframe before it").isGreaterThan(startSequence - preRollFrames - FPS - 1);
            assertThat(last).as("about the post-roll after its end")
                    .isBetween(endSequence + postRollFrames, endSequence + postRollFrames + FPS / 2);

            JsonNode timeline = cam.timeline();
            List<JsonNode> events = StreamSupport.stream(timeline.get("ranges").spliterator(), false)
                    .filter(r -> r.get("kind").asText().equals("event")).toList();
            assertThat(events).as("one clip on the timeline").hasSize(1);
            assertThat(StreamSupport.stream(timeline.get("gaps").spliterator(), false))
                    .anyMatch(g -> g.get("reason").asText().equals("idle"));

            Checkers.assumeFfmpeg();
            {
                Path file = ((camcloud.cloud.storage.LocalObjectStore) cloud.server().videoStore()).root().resolve(clip.get(0).storageKey());
                assertThat(ffprobe(file, "frame=key_frame", "-read_intervals", "%+#1")).as("starts on a keyframe")
                        .isEqualTo("1");
                int frames = 0;
                for (Segment s : clip) {
                    frames += Integer.parseInt(ffprobe(((camcloud.cloud.storage.LocalObjectStore) cloud.server().videoStore()).root().resolve(s.storageKey()),
                            "stream=nb_read_frames", "-count_frames"));
                }
                assertThat(frames).as("every unit of the clip decodes").isEqualTo(last - first + 1);
            }
        }
    }

    @Test
    void aLiveViewerOfAnIdleCameraGetsVideoAtOnceAndNoneOfItIsRecorded() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            Owned cam = eventsModeCamera(cloud);
            assertThat(TestCloud.await(WAIT, () -> cam.stats().gaps() >= 1)).isTrue();
            long ackedBefore = cam.stats().unitsAcked();

            try (LiveClient viewer = LiveClient.connect(cloud.httpBase(), cam.serial(), cam.cookie())) {
                assertThat(TestCloud.await(WAIT, () -> viewer.binaryCount() >= 2 + 2 * FPS))
                        .as("init segment and two seconds of live video").isTrue();
                assertThat(TestCloud.await(WAIT, () -> cam.stats().unitsAcked() > ackedBefore + 2 * FPS))
                        .as("live-only units are acknowledged").isTrue();
                assertThat(cam.stats().heldUnits()).as("nothing held while watched").isZero();
            }
            assertThat(TestCloud.await(WAIT, () -> cam.stats().heldUnits() > 0))
                    .as("the last viewer gone, the camera holds its video again").isTrue();
            assertThat(TestCloud.await(WAIT, () -> cam.stats().bufferedUnits() == cam.stats().heldUnits()))
                    .as("everything sent was acknowledged").isTrue();

            assertThat(cam.segmentsSinceEventsMode()).as("live-only video is never recorded").isEmpty();
            assertThat(cloud.server().liveHub().viewers(cam.serial())).isZero();
        }
    }

    @Test
    void anEventWhileSomebodyWatchesIsRecordedWithItsPreRollFromTheLiveVideo() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            Owned cam = eventsModeCamera(cloud);
            long preRollFrames = PRE_ROLL.toSeconds() * FPS;
            try (LiveClient viewer = LiveClient.connect(cloud.httpBase(), cam.serial(), cam.cookie())) {
                assertThat(TestCloud.await(WAIT, () -> viewer.binaryCount() >= 2 + preRollFrames + 2 * FPS))
                        .as("more than the pre-roll watched live").isTrue();
                cam.camera().uplink().eventActive(true);
                long startSequence = cam.nextSequence() - 1;
                assertThat(TestCloud.await(WAIT, () -> cam.nextSequence() > startSequence + FPS)).isTrue();
                cam.camera().uplink().eventActive(false);
                long endSequence = cam.nextSequence() - 1;

                assertThat(TestCloud.await(WAIT, () -> cam.segments().stream().filter(Segment::eventClip)
                        .anyMatch(s -> s.lastSequence() >= endSequence + POST_ROLL.toSeconds() * FPS)))
                        .as("the clip is stored through its post-roll").isTrue();
                List<Segment> clip = cam.segmentsSinceEventsMode();
                assertThat(clip).isNotEmpty().allMatch(Segment::eventClip);
                for (int i = 1; i < clip.size(); i++) {
                    assertThat(clip.get(i).firstSequence()).isEqualTo(clip.get(i - 1).lastSequence() + 1);
                }
                assertThat(clip.get(0).firstSequence()).as("the pre-roll, from the live video")
                        .isLessThanOrEqualTo(startSequence - preRollFrames)
                        .isGreaterThan(startSequence - preRollFrames - FPS - 1);
                Checkers.assumeFfmpeg();
                Path file = ((camcloud.cloud.storage.LocalObjectStore) cloud.server().videoStore()).root().resolve(clip.get(0).storageKey());
                assertThat(ffprobe(file, "frame=key_frame", "-read_intervals", "%+#1")).as("starts on a keyframe")
                        .isEqualTo("1");
                assertThat(Integer.parseInt(ffprobe(file, "stream=nb_read_frames", "-count_frames")))
                        .isEqualTo(clip.get(0).frames());
            }
        }
    }

    @Test
    void switchingBackToContinuousRecordsAgainFromTheHeldKeyframe() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            Owned cam = eventsModeCamera(cloud);
            assertThat(TestCloud.await(WAIT, () -> cam.stats().unitsIdle() > FPS)).as("idle for a while").isTrue();
            long switchedAt = cam.nextSequence();
            cam.camera().uplink().recordingMode(RecordingMode.CONTINUOUS, PRE_ROLL, POST_ROLL);

            assertThat(TestCloud.await(WAIT, () -> cam.segmentsSinceEventsMode().stream()
                    .anyMatch(s -> s.lastSequence() > switchedAt + 2L * FPS))).as("recording again").isTrue();
            List<Segment> again = cam.segmentsSinceEventsMode();
            assertThat(again).noneMatch(Segment::eventClip);
            assertThat(again.get(0).firstSequence()).as("from what was held").isLessThan(switchedAt);
            assertThat(cam.stats().heldUnits()).isZero();
        }
    }

    private static long idleMillis(JsonNode timeline) {
        long total = 0;
        for (JsonNode g : timeline.get("gaps")) {
            if (g.get("reason").asText().equals("idle")) {
                total += java.time.OffsetDateTime.parse(g.get("to").asText()).toInstant().toEpochMilli()
                        - java.time.OffsetDateTime.parse(g.get("from").asText()).toInstant().toEpochMilli();
            }
        }
        return total;
    }

    private static String ffprobe(Path file, String entries, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-select_streams", "v:0"));
        command.addAll(List.of(extra));
        command.addAll(List.of("-show_entries", entries, "-of", "csv=p=0", file.toString()));
        Process probe = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(probe.getInputStream().readAllBytes()).strip();
        assertThat(probe.waitFor()).as("ffprobe exit for %s", file).isZero();
        return out.lines().findFirst().orElse("").replace(",", "").strip();
    }

}
