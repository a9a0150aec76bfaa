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
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripted bad timestamps through the real gateway: camera wall-clock jumps, a monotonic clock going
 * backwards or jumping, a real outage, reconnects of the same boot with buffered video and of a new
 * boot. Segment durations (index and ffprobe) must match the real content within a frame or two and
 * gaps must be listed exactly where video is missing.
 */
class TimelineRecordingTest {

    static final long FRAME = TestVideo.FRAME_MICROS;
    static final long DAY_MS = 86_400_000L;
    static final TestVideo VIDEO = TestVideo.of(250, 25);

    @TempDir
    static Path dir;
    static RecordingNode node;

    @BeforeAll
    static void start() throws Exception {
        Checkers.assumeFfmpeg();
        node = RecordingNode.start(dir, RecorderSettings.DEFAULT.withSegmentMicros(2_000_000)
                .withReconnectGraceMillis(60_000), new RetentionSettings(0, 0, 0, 0, 3600), MediaLimits.DEFAULT);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void cameraWallClockJumpingADayEitherWayChangesNothing() throws Exception {
        CameraIdentity id = node.provision();
        long t0 = node.clock.get();
        try (ScriptedCamera camera = node.connect(id, 1)) {
            camera.config(VIDEO);
            for (int i = 0; i < 250; i++) {
                long wall = 1_700_000_000_000L + i * 40L + (i >= 100 ? DAY_MS : 0) - (i >= 175 ? 2 * DAY_MS : 0);
                send(camera, i, 3_000_000 + i * FRAME, t0 + i * FRAME, wall);
            }
        }
        List<Segment> segments = flushAndCheck(id.serial(), 250);
        assertContiguous(segments, t0, 250);
        assertThat(gaps(id)).isEmpty();
    }

    @Test
    void monotonicClockGoingBackwardsKeepsOneContiguousRecording() throws Exception {
        CameraIdentity id = node.provision();
        long t0 = node.clock.get();
        try (ScriptedCamera camera = node.connect(id, 1)) {
            camera.config(VIDEO);
            for (int i = 0; i < 250; i++) {
                long mono = 60_000_000 + i * FRAME - (i >= 110 ? 45_000_000 : 0);
                send(camera, i, mono, t0 + i * FRAME, 0);
            }
        }
        List<Segment> segments = flushAndCheck(id.serial(), 250);
        assertContiguous(segments, t0, 250);
        assertThat(gaps(id)).isEmpty();
    }

    @Test
    void monotonicClockJumpingTenMinutesAheadIsNotAGapNorAnHourLongSegment() throws Exception {
        CameraIdentity id = node.provision();
        long t0 = node.clock.get();
        try (ScriptedCamera camera = node.connect(id, 1)) {
            camera.config(VIDEO);
            for (int i = 0; i < 250; i++) {
                long mono = 1_000_000 + i * FRAME + (i >= 90 ? 600_000_000 : 0);
                send(camera, i, mono, t0 + i * FRAME, 0);
            }
        }
        List<Segment> segments = flushAndCheck(id.serial(), 250);
        assertContiguous(segments, t0, 250);
        assertThat(gaps(id)).isEmpty();
    }

    @Test
    void aTenMinuteOutageTheCameraCouldNotBufferIsOneGapWithItsReason() throws Exception {
        CameraIdentity id = node.provision();
        long t0 = node.clock.get();
        long outage = 600_000_000;
        try (ScriptedCamera camera = node.connect(id, 1)) {
            camera.config(VIDEO);
            for (int i = 0; i < 100; i++) {
                send(camera, i, 1_000_000 + i * FRAME, t0 + i * FRAME, 0);
            }
        }
        try (ScriptedCamera camera = node.connect(id, 1)) {
            camera.config(VIDEO);
            // The camera lost 15,000 frames from its buffer and says so, then streams live again.
            camera.gap(100, 15_099, 1_000_000 + 100 * FRAME, 1_000_000 + 15_099 * FRAME, "upload buffer overflow");
            for (int i = 15_100; i < 15_250; i++) {
                send(camera, i, 1_000_000 + i * FRAME, t0 + i * FRAME, 0);
            }
        }
        List<Segment> segments = flushAndCheck(id.serial(), 250);
        assertThat(segments.stream().mapToLong(Segment::durationMicros).max().orElseThrow())
                .isLessThanOrEqualTo(2_000_000 + FRAME);
        List<RecordingGap> gaps = gaps(id);
        assertThat(gaps).hasSize(1);
        RecordingGap gap = gaps.get(0);
        assertThat(gap.startMicros()).isCloseTo(t0 + 100 * FRAME, within(2 * FRAME));
        assertThat(gap.endMicros()).isCloseTo(t0 + 15_100 * FRAME, within(2 * FRAME));
        assertThat(gap.reason()).contains("upload buffer overflow");
        Segment after = segments.stream().filter(s -> s.startMicros() >= gap.endMicros()).findFirst().orElseThrow();
        assertThat(after.discontinuity()).isTrue();
    }

    @Test
    void reconnectOfTheSameBootWithBufferedVideoLeavesNoGap() throws Exception {
        CameraIdentity id = node.provision();
        long t0 = node.clock.get();
        try (ScriptedCamera camera = node.connect(id, 7)) {
            camera.config(VIDEO);
            for (int i = 0; i < 100; i++) {
                send(camera, i, 5_000_000 + i * FRAME, t0 + i * FRAME, 0);
            }
        }
        // Three seconds offline; the camera buffered frames 100..174 and reconnects.
        long reconnect = t0 + 175 * FRAME;
        try (ScriptedCamera camera = node.connect(id, 7)) {
            camera.config(VIDEO);
            node.clock.set(reconnect);
            for (int i = 80; i < 100; i++) { // not acknowledged yet, so sent again: duplicates
                camera.unit(i, 5_000_000 + i * FRAME, 0, VIDEO.keyframe(i), VIDEO.frame(i));
            }
            for (int i = 100; i < 175; i++) { // the buffer, uploaded as fast as it goes
                send(camera, i, 5_000_000 + i * FRAME, reconnect + (i - 100) * 1_000, 0);
            }
            for (int i = 175; i < 250; i++) { // live again
                send(camera, i, 5_000_000 + i * FRAME, t0 + i * FRAME, 0);
            }
        }
        List<Segment> segments = flushAndCheck(id.serial(), 250);
        assertContiguous(segments, t0, 250);
        assertThat(gaps(id)).isEmpty();
    }

    @Test
    void aNodeRestartKeepsVideoBufferedAcrossItWhereItWasCapturedAndRecordsNothingTwice() throws Exception {
        CameraIdentity id = node.provision();
        long t0 = node.clock.get();
        try (ScriptedCamera camera = node.connect(id, 9)) {
            camera.config(VIDEO);
            for (int i = 0; i < 100; i++) {
                send(camera, i, 5_000_000 + i * FRAME, t0 + i * FRAME, 0);
            }
        }
        node.restart(); // a deploy: the camera buffers meanwhile and never saw units 75..99 acknowledged
        long reconnect = t0 + 175 * FRAME;
        try (ScriptedCamera camera = node.connect(id, 9)) {
            camera.config(VIDEO);
            node.clock.set(reconnect);
            for (int i = 75; i < 100; i++) { // recorded before the restart: not recorded twice
                camera.unit(i, 5_000_000 + i * FRAME, 0, VIDEO.keyframe(i), VIDEO.frame(i));
            }
            for (int i = 100; i < 175; i++) {
                send(camera, i, 5_000_000 + i * FRAME, reconnect + (i - 100) * 1_000, 0);
            }
            for (int i = 175; i < 250; i++) {
                send(camera, i, 5_000_000 + i * FRAME, t0 + i * FRAME, 0);
            }
        }
        List<Segment> segments = flushAndCheck(id.serial(), 250);
        assertContiguous(segments, t0, 250);
        assertThat(gaps(id)).isEmpty();
    }

    @Test
    void aNewBootAfterTenSecondsIsAGapAndANewDiscontinuousSegment() throws Exception {
        CameraIdentity id = node.provision();
        long t0 = node.clock.get();
        try (ScriptedCamera camera = node.connect(id, 1)) {
            camera.config(VIDEO);
            for (int i = 0; i < 100; i++) {
                send(camera, i, 900_000_000 + i * FRAME, t0 + i * FRAME, 0);
            }
        }
        long restart = t0 + 100 * FRAME + 10_000_000;
        try (ScriptedCamera camera = node.connect(id, 2)) {
            camera.config(VIDEO);
            for (int i = 0; i < 150; i++) { // sequences and monotonic clock start over
                send(camera, i, 2_000_000 + i * FRAME, restart + i * FRAME, 0);
            }
        }
        List<Segment> segments = flushAndCheck(id.serial(), 250);
        List<RecordingGap> gaps = gaps(id);
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).startMicros()).isCloseTo(t0 + 100 * FRAME, within(2 * FRAME));
        assertThat(gaps.get(0).endMicros()).isCloseTo(restart, within(2 * FRAME));
        assertThat(gaps.get(0).reason()).isEqualTo("camera restarted");
        Segment firstOfBoot2 = segments.stream().filter(s -> s.bootId() == 2).findFirst().orElseThrow();
        assertThat(firstOfBoot2.discontinuity()).isTrue();
        assertThat(firstOfBoot2.startMicros()).isCloseTo(restart, within(2L));
        long boot1 = segments.stream().filter(s -> s.bootId() == 1).mapToLong(Segment::durationMicros).sum();
        long boot2 = segments.stream().filter(s -> s.bootId() == 2).mapToLong(Segment::durationMicros).sum();
        assertThat(boot1).isCloseTo(100 * FRAME, within(2 * FRAME));
        assertThat(boot2).isCloseTo(150 * FRAME, within(2 * FRAME));
    }

    @Test
    void aNewStreamFormatStartsANewDiscontinuousSegmentWithItsOwnInitAndNoGap() throws Exception {
        TestVideo small = TestVideo.of(100, 25, 160, 128);
        CameraIdentity id = node.provision();
        long t0 = node.clock.get();
        try (ScriptedCamera camera = node.connect(id, 1)) {
            camera.config(VIDEO);
            for (int i = 0; i < 100; i++) {
                send(camera, i, 1_000_000 + i * FRAME, t0 + i * FRAME, 0);
            }
            camera.config(small); // the camera switched to its sub-stream size
            for (int i = 100; i < 200; i++) {
                node.clock.set(t0 + i * FRAME);
                long seen = node.unitsSeen();
                camera.unit(i, 1_000_000 + i * FRAME, 0, small.keyframe(i), small.frame(i));
                camera.awaitSeen(seen + 1);
            }
        }
        node.restart();
        List<Segment> segments = node.segments(id.serial());
        assertThat(segments.stream().mapToInt(Segment::frames).sum()).isEqualTo(200);
        for (Segment s : segments) {
            Checkers.Probe probe = Checkers.check(node.videoDir().resolve(s.storageKey()));
            assertThat(probe.width()).isEqualTo(s.width());
            assertThat(s.width()).isEqualTo(s.firstSequence() < 100 ? 320 : 160);
        }
        Segment firstSmall = segments.stream().filter(s -> s.width() == 160).findFirst().orElseThrow();
        assertThat(firstSmall.firstSequence()).isEqualTo(100);
        assertThat(firstSmall.discontinuity()).isTrue();
        assertThat(firstSmall.startMicros()).isEqualTo(t0 + 100 * FRAME);
        assertThat(gaps(id)).isEmpty();
    }

    private static void send(ScriptedCamera camera, long seq, long mono, long arrival, long wall) throws Exception {
        node.clock.set(arrival);
        long seen = node.unitsSeen();
        camera.unit(seq, mono, wall, VIDEO.keyframe(seq), VIDEO.frame(seq));
        camera.awaitSeen(seen + 1);
    }

    /** Closes open segments (graceful restart), checks every segment with ffprobe/ffmpeg and the index. */
    private static List<Segment> flushAndCheck(String serial, int frames) throws Exception {
        node.restart();
        List<Segment> segments = node.segments(serial);
        assertThat(segments.stream().mapToInt(Segment::frames).sum()).isEqualTo(frames);
        for (Segment s : segments) {
            assertThat(s.durationMicros()).as("segment %s", s).isBetween(FRAME, 2_000_000 + FRAME);
            Checkers.Probe probe = Checkers.check(node.videoDir().resolve(s.storageKey()));
            assertThat(probe.frames()).isEqualTo(s.frames());
            assertThat(probe.lengthSeconds()).isCloseTo(s.durationMicros() / 1e6, within(0.041));
        }
        node.assertIndexAgreesWithFiles();
        return segments;
    }

    /** One recording from {@code t0}, segments continuing each other, as long as the content. */
    private static void assertContiguous(List<Segment> segments, long t0, int frames) {
        assertThat(segments.get(0).startMicros()).isCloseTo(t0, within(2L));
        for (int i = 1; i < segments.size(); i++) {
            assertThat(segments.get(i).startMicros()).isEqualTo(segments.get(i - 1).endMicros());
            assertThat(segments.get(i).discontinuity()).isFalse();
        }
        long total = segments.stream().mapToLong(Segment::durationMicros).sum();
        assertThat(total).isCloseTo(frames * FRAME, within(2 * FRAME));
    }

    private static List<RecordingGap> gaps(CameraIdentity id) {
        return node.index().gaps(id.serial(), 0, Long.MAX_VALUE);
    }
}
