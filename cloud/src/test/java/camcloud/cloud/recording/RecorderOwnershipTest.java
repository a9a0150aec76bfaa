package camcloud.cloud.recording;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.db.Database;
import camcloud.cloud.ingest.TestVideo;
import camcloud.cloud.storage.LocalObjectStore;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every buffer the gateway hands the recorder is released exactly once — written, dropped because the
 * camera's queue is full, or still queued at shutdown — and a full queue drops whole GOPs, counted.
 */
class RecorderOwnershipTest {

    @TempDir
    Path dir;

    @Test
    void everyUnitIsReleasedOnceWhateverHappensToIt() throws Exception {
        TestVideo video = TestVideo.of(250, 25);
        Database db = Database.openSqlite(dir.resolve("camcloud.db"));
        try {
            LocalObjectStore store = new LocalObjectStore(dir.resolve("video"));
            SegmentIndex index = new SegmentIndex(db);
            Recorder recorder = new Recorder(store, index, new RecordingPolicies(db), StorageRoom.UNLIMITED,
                    new RecorderSettings(1_000_000, 5_000_000, 0, 64 * 1024, 1));
            VideoSink sink = recorder.open("CC-OWNERSHIP01", 1, sequence -> { });
            sink.format(new StreamFormat(TestVideo.WIDTH, TestVideo.HEIGHT, 25, video.sps(), video.pps()));
            List<ByteBuf> payloads = new ArrayList<>();
            long t0 = 1_800_000_000_000_000L;
            for (int i = 0; i < 1_000; i++) {
                ByteBuf framePayload = Unpooled.copiedBuffer(video.frame(i)); // the connection's buffer
                payloads.add(framePayload);
                TimedUnit unit = new TimedUnit(i, t0 + i * TestVideo.FRAME_MICROS, 0, video.keyframe(i), false,
                        framePayload.retainedSlice());
                sink.unit(unit);
                unit.release(); // what the gateway does after the sinks had it
                framePayload.release(); // and the frame itself
            }
            sink.closed();
            recorder.close();

            assertThat(payloads).allMatch(b -> b.refCnt() == 0);
            assertThat(recorder.unitsQueued()).isZero();
            List<Segment> segments = index.segments("CC-OWNERSHIP01", 0, Long.MAX_VALUE);
            assertThat(segments).isNotEmpty();
            int recorded = segments.stream().mapToInt(Segment::frames).sum();
            assertThat((long) recorded + recorder.unitsDropped()).isLessThanOrEqualTo(1_000);
            assertThat(segments).allMatch(s -> s.firstSequence() % 25 == 0);
        } finally {
            db.close();
        }
    }
}
