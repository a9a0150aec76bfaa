package camcloud.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.ingest.Checkers;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.uplink.UplinkStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful drain moves a streaming virtual camera to another node with no gap: node A stops
 * accepting, ends the open segment at its last keyframe (what follows is not acknowledged), tells the
 * camera DRAINING; node B starts on the same database file and store directory, the camera reconnects
 * at once and resends from that keyframe, and the archive lists the recording across the move
 * without a gap, every segment decodable.
 */
class DrainTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aDrainedNodesCameraMovesToTheNextNodeAndTheArchiveHasNoGap() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            String serial = provisioned.serial();
            VirtualCamera camera = cloud.powerOnStreaming(provisioned.flash());
            SegmentIndex nodeA = new SegmentIndex(cloud.server().database());
            assertThat(TestCloud.await(WAIT, () -> segments(nodeA, serial).size() >= 1)).isTrue();
            // More than a GOP past the last stored segment: the open segment holds a keyframe after its first.
            long stored = lastSequence(nodeA, serial);
            assertThat(TestCloud.await(WAIT, () -> camera.uplink().stats().unitsSent() > stored + 40
                    + camera.uplink().stats().unitsResent())).isTrue();
            long sessions = camera.agent().sessionsStarted();

            CloudServer.Drained drained = cloud.server().drain(Duration.ofSeconds(20));

            assertThat(drained.camerasTold()).isEqualTo(1);
            assertThat(drained.camerasLeft()).isZero();
            Segment cut = last(nodeA, serial);
            assertThat(cut.lastSequence()).as("the open segment was stored up to its last keyframe")
                    .isGreaterThan(stored);
            long sentAtDrain = camera.uplink().stats().unitsSent() - camera.uplink().stats().unitsResent();
            assertThat(sentAtDrain).as("units after that keyframe were sent, not acknowledged")
                    .isGreaterThan(cut.lastSequence() + 1);

            cloud.stopServer();
            cloud.startServerAgain(); // node B: same database file, same store directory
            SegmentIndex nodeB = new SegmentIndex(cloud.server().database());
            assertThat(TestCloud.await(WAIT, () -> camera.agent().sessionsStarted() > sessions && camera.online()))
                    .isTrue();
            assertThat(TestCloud.await(WAIT, () -> lastSequence(nodeB, serial) > sentAtDrain + 25)).isTrue();
            UplinkStats stats = camera.uplink().stats();
            camera.close();

            List<Segment> segments = segments(nodeB, serial);
            assertThat(segments.get(0).firstSequence()).isZero();
            for (int i = 1; i < segments.size(); i++) {
                Segment before = segments.get(i - 1);
                Segment after = segments.get(i);
                assertThat(after.firstSequence()).as("segment %d follows segment %d", i, i - 1)
                        .isEqualTo(before.lastSequence() + 1);
                assertThat(after.startMicros() - before.endMicros()).as("no hole between %s and %s", before, after)
                        .isBetween(0L, 100_000L);
            }
            Segment next = segments.stream().filter(s -> s.firstSequence() == cut.lastSequence() + 1).findFirst()
                    .orElseThrow();
            assertThat(next.startMicros() - cut.endMicros()).as("the next node starts at the keyframe")
                    .isBetween(0L, 100_000L);
            assertThat(nodeB.gaps(serial, 0, Long.MAX_VALUE)).as("the archive lists no gap").isEmpty();
            assertThat(stats.gaps()).isZero();
            assertThat(stats.unitsDropped()).isZero();
            assertThat(stats.unitsResent()).as("the camera resent from the keyframe").isPositive();
            if (ffmpegPresent()) {
                for (Segment s : List.of(cut, next)) {
                    assertThat(Checkers.check(((camcloud.cloud.storage.LocalObjectStore) cloud.server().videoStore()).root().resolve(s.storageKey())).frames())
                            .as("frames decoded in %s", s.storageKey()).isEqualTo(s.frames());
                }
            }
        }
    }

    private static List<Segment> segments(SegmentIndex index, String serial) {
        return index.segments(serial, 0, Long.MAX_VALUE);
    }

    private static Segment last(SegmentIndex index, String serial) {
        List<Segment> all = segments(index, serial);
        return all.get(all.size() - 1);
    }

    private static long lastSequence(SegmentIndex index, String serial) {
        return segments(index, serial).stream().mapToLong(Segment::lastSequence).max().orElse(-1);
    }

    private static boolean ffmpegPresent() {
        try {
            return new ProcessBuilder("ffprobe", "-version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
