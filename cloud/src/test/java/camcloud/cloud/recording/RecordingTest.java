package camcloud.cloud.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import camcloud.cloud.ingest.Checkers;
import camcloud.cloud.ingest.MediaLimits;
import camcloud.cloud.ingest.RecordingNode;
import camcloud.cloud.ingest.ScriptedCamera;
import camcloud.cloud.ingest.TestVideo;
import camcloud.cloud.retention.RetentionSettings;
import camcloud.device.identity.CameraIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scripted camera streams real H.264 through the gateway; the recorder writes checked segments. */
class RecordingTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void tenSecondsOfVideoBecomeKeyframeAlignedSegmentsThatFfmpegDecodes() throws Exception {
        Checkers.assumeFfmpeg();
        TestVideo video = TestVideo.of(250, 25);
        try (RecordingNode node = RecordingNode.start(dir, RecorderSettings.DEFAULT.withSegmentMicros(2_000_000)
                .withReconnectGraceMillis(200), new RetentionSettings(0, 0, 0, 0, 3600), MediaLimits.DEFAULT)) {
            CameraIdentity identity = node.provision();
            long t0 = node.clock.get();
            try (ScriptedCamera camera = node.connect(identity, 1)) {
                camera.config(video);
                camera.stream(video, 0, 250, 5_000_000, t0, 1_700_000_000_000L);
                // Acks mean durable and indexed: when an ack arrives, its segment's row and file exist.
                List<Long> acks = camera.awaitAck(199, WAIT);
                for (long ack : acks) {
                    Segment s = node.segments(identity.serial()).stream().filter(x -> x.lastSequence() == ack)
                            .findFirst().orElseThrow();
                    assertThat(node.videoDir().resolve(s.storageKey())).exists();
                }
            }
            assertThat(awaitFrames(node, identity.serial(), 250)).isTrue();

            List<Segment> segments = node.segments(identity.serial());
            assertThat(segments).hasSize(5);
            long expectedStart = t0;
            for (Segment s : segments) {
                assertThat(s.firstSequence() % 25).as("segment starts on a keyframe").isZero();
                assertThat(s.frames()).isEqualTo(50);
                assertThat(s.durationMicros()).isCloseTo(2_000_000L, within(TestVideo.FRAME_MICROS));
                assertThat(s.startMicros()).isCloseTo(expectedStart, within(20L));
                expectedStart = s.endMicros();
                Checkers.Probe probe = Checkers.check(node.videoDir().resolve(s.storageKey()));
                assertThat(probe.frames()).isEqualTo(s.frames());
                assertThat(probe.width()).isEqualTo(TestVideo.WIDTH);
                assertThat(probe.lengthSeconds()).isCloseTo(s.durationTicks() / 90_000.0, within(0.041));
                // The file alone starts at 0 and so reports its true length; the archive serves it shifted
                // onto the camera's timeline (ArchiveTest checks that side).
                assertThat(probe.startSeconds()).isZero();
                assertThat(probe.endSeconds()).as("ffprobe's duration of the file")
                        .isCloseTo(s.durationTicks() / 90_000.0, within(0.041));
            }
            assertThat(node.index().gaps(identity.serial(), 0, Long.MAX_VALUE)).isEmpty();
            node.assertIndexAgreesWithFiles();
        }
    }

    @Test
    void aCameraWithRecordingOffIsNotRecordedButAcknowledgedSoItCanDropItsBuffer() throws Exception {
        TestVideo video = TestVideo.of(250, 25);
        try (RecordingNode node = RecordingNode.start(dir)) {
            CameraIdentity identity = node.provision();
            node.policies().set(identity.serial(), new RecordingPolicies.Policy(false, java.util.Optional.empty(),
                    java.util.Optional.empty()));
            try (ScriptedCamera camera = node.connect(identity, 1)) {
                camera.config(video);
                camera.stream(video, 0, 100, 1_000_000, node.clock.get(), 0);
                assertThat(camera.awaitAck(75, WAIT)).isNotEmpty();
            }
            node.restart();
            assertThat(node.segments(identity.serial())).isEmpty();
            assertThat(node.store().keys()).isEmpty();
        }
    }

    static boolean awaitFrames(RecordingNode node, String serial, int frames) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            if (node.segments(serial).stream().mapToInt(Segment::frames).sum() >= frames) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
