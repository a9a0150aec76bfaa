package camcloud.cloud.recording;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.ingest.Checkers;
import camcloud.cloud.ingest.MediaLimits;
import camcloud.cloud.ingest.RecordingNode;
import camcloud.cloud.ingest.ScriptedCamera;
import camcloud.cloud.ingest.TestVideo;
import camcloud.cloud.retention.RetentionSettings;
import camcloud.device.identity.CameraIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera that stays away longer than the recorder's reconnect grace: the grace closes its open
 * segment in the middle of a GOP, and after the reconnect the camera resends the rest of that GOP from
 * its upload buffer (units that are no keyframe). Those units must continue the recording — the
 * segment is reopened and grows, no gap — or, when that is impossible, be counted and listed as a gap
 * with the reason, never dropped silently and acknowledged.
 *
 * <p>The scripted camera sends frames 0..69 (a keyframe every 25, segments of 2 s, so the last
 * segment is 50..69 and ends in the middle of its GOP), goes away, and resends from 60 after the grace.
 */
class ResendAfterGraceTest {

    static final long FRAME = TestVideo.FRAME_MICROS;
    static final TestVideo VIDEO = TestVideo.of(250, 25);
    static final long MONO0 = 7_000_000;
    static final int BEFORE = 70;

    @TempDir
    Path dir;
    RecordingNode node;
    CameraIdentity id;
    long t0;

    @BeforeEach
    void start() throws Exception {
        Checkers.assumeFfmpeg();
        node = RecordingNode.start(dir, RecorderSettings.DEFAULT.withSegmentMicros(2_000_000)
                .withReconnectGraceMillis(200), new RetentionSettings(0, 0, 0, 0, 3600), MediaLimits.DEFAULT);
        id = node.provision();
        t0 = node.clock.get();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theRestOfAGopResentAfterTheGraceContinuesItsSegmentWithNoGap() throws Exception {
        streamThenGoAway();
        Segment closedByGrace = awaitClosedByGrace();

        comeBackAndResend();
        node.restart(); // commits the open segment

        List<Segment> segments = checked();
        assertThat(segments.stream().mapToInt(Segment::frames).sum()).isEqualTo(250);
        assertContinuous(segments);
        Segment continued = segments.stream().filter(s -> s.firstSequence() == 50).findFirst().orElseThrow();
        assertThat(continued.id()).as("the same index row, grown").isEqualTo(closedByGrace.id());
        assertThat(continued.lastSequence()).as("it took the rest of its GOP").isGreaterThanOrEqualTo(74);
        assertThat(gaps()).isEmpty();
        node.assertIndexAgreesWithFiles(); // the old, shorter file is gone
    }

    @Test
    void aNodeRestartWhileTheCameraIsAwayStillContinuesTheSegment() throws Exception {
        streamThenGoAway();
        node.restart(); // a deploy: the open segment is committed in the middle of its GOP

        comeBackAndResend();
        node.awaitRecorderIdle();
        assertThat(node.recorder().segmentsContinued()).isEqualTo(1);
        node.restart();

        List<Segment> segments = checked();
        assertThat(segments.stream().mapToInt(Segment::frames).sum()).isEqualTo(250);
        assertContinuous(segments);
        assertThat(gaps()).isEmpty();
        node.assertIndexAgreesWithFiles();
    }

    @Test
    void resentVideoThatCannotContinueItsSegmentIsCountedAndListedAsAGapWithItsReason() throws Exception {
        streamThenGoAway();
        Segment closedByGrace = awaitClosedByGrace();
        Files.delete(node.videoDir().resolve(closedByGrace.storageKey())); // the file it would go on from is gone

        comeBackAndResend();
        node.awaitRecorderIdle();
        assertThat(node.recorder().unitsUnusable()).as("units 70..74, up to the next keyframe").isEqualTo(5);
        node.restart();

        // The deleted file's own time is listed too, by the restart's recovery.
        assertThat(gaps()).filteredOn(g -> g.reason().equals(RecordingRecovery.LOST_REASON))
                .extracting(RecordingGap::startMicros).containsExactly(closedByGrace.startMicros());
        List<RecordingGap> gaps = gaps().stream().filter(g -> !g.reason().equals(RecordingRecovery.LOST_REASON))
                .toList();
        assertThat(gaps).hasSize(1);
        RecordingGap gap = gaps.get(0);
        assertThat(gap.reason()).contains("recorder closed the segment before the camera resent the rest of it");
        assertThat(gap.startMicros()).isEqualTo(closedByGrace.endMicros());
        assertThat(gap.endMicros() - gap.startMicros()).as("a 0.2 s hole is listed too").isLessThan(500_000);
        Segment after = node.segments(id.serial()).stream().filter(s -> s.firstSequence() == 75).findFirst()
                .orElseThrow();
        assertThat(after.startMicros()).isEqualTo(gap.endMicros());
    }

    /** Frames 0..69, live, then the connection drops. */
    private void streamThenGoAway() throws Exception {
        try (ScriptedCamera camera = node.connect(id, 5)) {
            camera.config(VIDEO);
            for (int i = 0; i < BEFORE; i++) {
                send(camera, i, t0 + i * FRAME);
            }
        }
    }

    /** Waits until the grace has closed the open segment (frames 50..69), and returns it. */
    private Segment awaitClosedByGrace() throws Exception {
        assertThat(RecordingTest.awaitFrames(node, id.serial(), BEFORE)).isTrue();
        Segment last = node.segments(id.serial()).get(node.segments(id.serial()).size() - 1);
        assertThat(last.firstSequence()).isEqualTo(50);
        assertThat(last.lastSequence()).isEqualTo(BEFORE - 1);
        return last;
    }

    /**
     * Fifteen seconds later the camera reconnects (same boot) and uploads what it kept, as fast as it
     * can: 60..69 again (not acknowledged when it left), then 70..249, which it buffered meanwhile.
     */
    private void comeBackAndResend() throws Exception {
        long reconnect = t0 + BEFORE * FRAME + 15_000_000;
        try (ScriptedCamera camera = node.connect(id, 5)) {
            camera.config(VIDEO);
            node.clock.set(reconnect);
            for (int i = 60; i < BEFORE; i++) {
                camera.unit(i, MONO0 + i * FRAME, 0, VIDEO.keyframe(i), VIDEO.frame(i));
            }
            for (int i = BEFORE; i < 250; i++) {
                send(camera, i, reconnect + (i - BEFORE) * 1_000L);
            }
        }
    }

    private void send(ScriptedCamera camera, int i, long arrival) throws Exception {
        node.clock.set(arrival);
        long seen = node.unitsSeen();
        camera.unit(i, MONO0 + i * FRAME, 1_700_000_000_000L + i * FRAME / 1000, VIDEO.keyframe(i), VIDEO.frame(i));
        camera.awaitSeen(seen + 1);
    }

    private List<Segment> checked() {
        List<Segment> segments = node.segments(id.serial());
        for (Segment s : segments) {
            assertThat(s.firstSequence() % 25).as("segment %s starts on a keyframe", s).isZero();
            assertThat(Checkers.check(node.videoDir().resolve(s.storageKey())).frames()).isEqualTo(s.frames());
        }
        return segments;
    }

    private void assertContinuous(List<Segment> segments) {
        assertThat(segments.get(0).startMicros()).isBetween(t0 - 20, t0);
        for (int i = 1; i < segments.size(); i++) {
            assertThat(segments.get(i).firstSequence()).isEqualTo(segments.get(i - 1).lastSequence() + 1);
            assertThat(segments.get(i).startMicros()).isEqualTo(segments.get(i - 1).endMicros());
        }
        long total = segments.stream().mapToLong(Segment::durationMicros).sum();
        assertThat(total).isBetween(250 * FRAME - 2 * FRAME, 250 * FRAME + 2 * FRAME);
    }

    private List<RecordingGap> gaps() {
        return node.index().gaps(id.serial(), 0, Long.MAX_VALUE);
    }
}
