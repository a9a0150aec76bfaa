package camcloud.cloud.retention;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.LogCapture;
import camcloud.cloud.ingest.Checkers;
import camcloud.cloud.ingest.MediaLimits;
import camcloud.cloud.ingest.RecordingNode;
import camcloud.cloud.ingest.ScriptedCamera;
import camcloud.cloud.ingest.TestVideo;
import camcloud.cloud.recording.RecorderSettings;
import camcloud.cloud.recording.RecordingGap;
import camcloud.cloud.recording.RecordingPolicies;
import camcloud.cloud.recording.Segment;
import camcloud.device.identity.CameraIdentity;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention by age and size per camera, the node's storage cap, and a disk that fills up. */
class RetentionTest {

    static final long FRAME = TestVideo.FRAME_MICROS;
    static final long DAY = 86_400_000_000L;
    static final TestVideo VIDEO = TestVideo.of(250, 25);
    static final RecorderSettings ONE_SECOND = RecorderSettings.DEFAULT.withSegmentMicros(1_000_000)
            .withReconnectGraceMillis(60_000);

    @TempDir
    Path dir;

    @Test
    void videoOlderThanTheCamerasRetentionIsDeletedRowFirstAndAnOverrideKeepsLonger() throws Exception {
        try (RecordingNode node = RecordingNode.start(dir, ONE_SECOND, new RetentionSettings(5, 0, 0, 0, 3600),
                MediaLimits.DEFAULT)) {
            CameraIdentity a = node.provision();
            CameraIdentity b = node.provision();
            long now = node.clock.get();
            stream(node, a, 1, 0, 75, now - 10 * DAY);
            stream(node, a, 2, 0, 75, now);
            stream(node, b, 1, 0, 75, now - 10 * DAY);
            node.policies().set(b.serial(), new RecordingPolicies.Policy(true, Optional.of(20), Optional.empty()));
            node.restart();
            int before = node.segments(a.serial()).size();

            int removed = node.retention().enforce();

            List<Segment> left = node.segments(a.serial());
            assertThat(removed).isPositive().isEqualTo(before - left.size());
            assertThat(left).allMatch(s -> s.startMicros() >= now);
            assertThat(left.stream().mapToInt(Segment::frames).sum()).isEqualTo(75);
            assertThat(node.segments(b.serial()).stream().mapToInt(Segment::frames).sum()).isEqualTo(75);
            node.assertIndexAgreesWithFiles();
        }
    }

    @Test
    void anEventClipIsKeptPastTheContinuousRetentionButNotPastTheEventRetention() throws Exception {
        try (RecordingNode node = RecordingNode.start(dir, ONE_SECOND,
                new RetentionSettings(30, 0, 0, 0, 3600).withEventDays(90), MediaLimits.DEFAULT)) {
            CameraIdentity a = node.provision();
            long now = node.clock.get();
            stream(node, a, 1, 0, 75, now - 120 * DAY, true);   // a clip older than the event retention
            stream(node, a, 2, 0, 75, now - 40 * DAY, false);   // continuous video older than retention.days
            stream(node, a, 3, 0, 75, now - 40 * DAY + 3_600_000_000L, true); // a clip as old: kept
            stream(node, a, 4, 0, 75, now, false);
            node.restart();
            assertThat(node.segments(a.serial())).filteredOn(Segment::eventClip).isNotEmpty();

            node.retention().enforce();

            List<Segment> left = node.segments(a.serial());
            assertThat(left).filteredOn(Segment::eventClip).isNotEmpty()
                    .allMatch(s -> s.bootId() == 3, "only the clip younger than 90 days is left");
            assertThat(left).filteredOn(s -> !s.eventClip()).isNotEmpty()
                    .allMatch(s -> s.bootId() == 4, "continuous video goes after 30 days");
            assertThat(left.stream().filter(Segment::eventClip).mapToInt(Segment::frames).sum()).isEqualTo(75);

            node.policies().set(a.serial(), new RecordingPolicies.Policy(true, Optional.empty(), Optional.empty(),
                    Optional.of(20)));
            node.retention().enforce();

            assertThat(node.segments(a.serial())).noneMatch(Segment::eventClip);
            node.assertIndexAgreesWithFiles();
        }
    }

    @Test
    void aCameraOverItsSizeLimitLosesItsOldestSegmentsFirst() throws Exception {
        try (RecordingNode node = RecordingNode.start(dir, ONE_SECOND, new RetentionSettings(0, 0, 0, 0, 3600),
                MediaLimits.DEFAULT)) {
            CameraIdentity a = node.provision();
            stream(node, a, 1, 0, 250, node.clock.get());
            node.restart();
            long total = node.index().totalBytes(a.serial());
            List<Segment> all = node.segments(a.serial());
            node.policies().set(a.serial(), new RecordingPolicies.Policy(true, Optional.empty(), Optional.of(total / 2)));

            node.retention().enforce();

            List<Segment> left = node.segments(a.serial());
            assertThat(node.index().totalBytes(a.serial())).isLessThanOrEqualTo(total / 2);
            assertThat(left).isNotEmpty().isEqualTo(all.subList(all.size() - left.size(), all.size()));
            node.assertIndexAgreesWithFiles();
        }
    }

    @Test
    void atTheNodesStorageCapTheOldestVideoGoesAndRecordingGoesOn() throws Exception {
        Checkers.assumeFfmpeg();
        long cap = 400_000;
        try (RecordingNode node = RecordingNode.start(dir, ONE_SECOND, new RetentionSettings(0, 0, cap, 0, 3600),
                MediaLimits.DEFAULT)) {
            CameraIdentity a = node.provision();
            long t0 = node.clock.get();
            stream(node, a, 1, 0, 250, t0);
            node.restart();

            List<Segment> left = node.segments(a.serial());
            long biggest = left.stream().mapToLong(Segment::sizeBytes).max().orElseThrow();
            assertThat(node.store().usedBytes()).isLessThanOrEqualTo(cap + biggest);
            assertThat(left.get(0).startMicros()).as("the oldest went first").isGreaterThan(t0);
            assertThat(left.get(left.size() - 1).endMicros()).as("the newest is kept")
                    .isGreaterThanOrEqualTo(t0 + 249 * FRAME);
            for (Segment s : left) {
                Checkers.check(node.videoDir().resolve(s.storageKey()));
            }
            node.assertIndexAgreesWithFiles();
        }
    }

    @Test
    void aFullDiskStopsRecordingCleanlyWithoutAckAndRecordingResumesWithTheGapListed() throws Exception {
        Checkers.assumeFfmpeg();
        FillingDisk[] disk = new FillingDisk[1];
        try (LogCapture log = LogCapture.of(Class.forName("camcloud.cloud.recording.CameraRecorder"));
             RecordingNode node = RecordingNode.start(dir, ONE_SECOND, new RetentionSettings(0, 0, 0, 0, 3600),
                     MediaLimits.DEFAULT, store -> disk[0] = new FillingDisk(store))) {
            CameraIdentity a = node.provision();
            long t0 = node.clock.get();
            List<Long> acks;
            try (ScriptedCamera camera = node.connect(a, 1)) {
                camera.config(VIDEO);
                camera.stream(VIDEO, 0, 100, 1_000_000, t0, 0);
                node.awaitRecorderIdle(); // the disk fills exactly between units 99 and 100
                disk[0].full = true;
                camera.stream(VIDEO, 100, 75, 1_000_000, t0, 0);
                node.awaitRecorderIdle();
                disk[0].full = false;
                camera.stream(VIDEO, 175, 75, 1_000_000, t0, 0);
                acks = camera.awaitAck(224, java.time.Duration.ofSeconds(10));
            }
            node.restart();

            List<Segment> segments = node.segments(a.serial());
            for (long ack : acks) {
                assertThat(segments).as("ack %d names a recorded segment's end", ack)
                        .anyMatch(s -> s.lastSequence() == ack);
            }
            assertThat(segments).noneMatch(s -> s.lastSequence() >= 100 && s.firstSequence() < 175);
            List<RecordingGap> gaps = node.index().gaps(a.serial(), 0, Long.MAX_VALUE);
            assertThat(gaps).hasSize(1);
            assertThat(gaps.get(0).startMicros()).isLessThanOrEqualTo(t0 + 100 * FRAME);
            assertThat(gaps.get(0).endMicros()).isEqualTo(t0 + 175 * FRAME);
            assertThat(gaps.get(0).reason()).isEqualTo("storage write failed");
            assertThat(log.messages()).anyMatch(m -> m.contains("storage write failed"));
            for (Segment s : segments) {
                Checkers.check(node.videoDir().resolve(s.storageKey()));
            }
            node.assertIndexAgreesWithFiles();
        }
    }

    private static void stream(RecordingNode node, CameraIdentity id, long boot, int first, int count, long t0)
            throws Exception {
        stream(node, id, boot, first, count, t0, false);
    }

    private static void stream(RecordingNode node, CameraIdentity id, long boot, int first, int count, long t0,
                               boolean eventClip) throws Exception {
        try (ScriptedCamera camera = node.connect(id, boot)) {
            camera.eventClips(eventClip);
            camera.config(VIDEO);
            camera.stream(VIDEO, first, count, 1_000_000, t0, 0);
        }
    }
}
