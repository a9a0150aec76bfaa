package camcloud.cloud.recording;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.ingest.MediaLimits;
import camcloud.cloud.ingest.RecordingNode;
import camcloud.cloud.ingest.ScriptedCamera;
import camcloud.cloud.ingest.TestVideo;
import camcloud.cloud.retention.RetentionSettings;
import camcloud.cloud.storage.LocalObjectStore;
import camcloud.cloud.storage.ObjectStore;
import camcloud.device.identity.CameraIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node stops between a segment's commit in the store and its index row (the commit's reply was
 * lost, then the node went down), and a store lost an indexed object: the next start's recovery
 * deletes the object no row names (it was never acknowledged), removes the row whose object is gone
 * and lists its time as a gap, using the marks the recorder left — also without listing the store,
 * as it does with S3.
 */
class RecoveryAfterCrashTest {

    static final long FRAME = TestVideo.FRAME_MICROS;
    static final TestVideo VIDEO = TestVideo.of(250, 25);
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    RecordingNode node;
    final AtomicReference<UnreachableStore> store = new AtomicReference<>();
    CameraIdentity id;
    long t0;

    @BeforeEach
    void start() throws Exception {
        node = RecordingNode.start(dir, RecorderSettings.DEFAULT.withSegmentMicros(1_000_000)
                        .withReconnectGraceMillis(300), new RetentionSettings(0, 0, 0, 0, 3600), MediaLimits.DEFAULT,
                real -> {
                    UnreachableStore s = new UnreachableStore(real);
                    store.set(s);
                    return s;
                });
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
    void anObjectCommittedWithoutItsRowIsRemovedAtTheNextStart() throws Exception {
        try (ScriptedCamera camera = node.connect(id, 4)) {
            camera.config(VIDEO);
            send(camera, 0, 50);
            camera.awaitAck(24, WAIT);
            store.get().repliesLost = true; // 25..49 reaches the store, the node never learns it
            send(camera, 50, 51);
            assertThat(await(() -> node.recorder().backlog().segments() == 1)).isTrue();
            assertThat(camera.acks()).allSatisfy(a -> assertThat(a).isLessThanOrEqualTo(24));
        }
        List<String> objects = node.store().keys();
        assertThat(objects).as("the object is in the store, without a row").hasSize(2);
        assertThat(marks().left(System.currentTimeMillis())).hasSize(1);

        node.restart(); // gives up what waits (never acknowledged), as a crash would; recovery runs at start

        assertThat(node.segments(id.serial())).extracting(Segment::lastSequence).containsExactly(24L);
        node.assertIndexAgreesWithFiles();
        assertThat(marks().left(System.currentTimeMillis())).isEmpty();
    }

    @Test
    void aRowWhoseObjectIsGoneIsRemovedAndListedAsAGapWithoutListingTheStore() throws Exception {
        try (ScriptedCamera camera = node.connect(id, 4)) {
            camera.config(VIDEO);
            send(camera, 0, 76);
            camera.awaitAck(74, WAIT);
        }
        node.awaitRecorderIdle();
        Segment lost = node.segments(id.serial()).get(1);
        // A crash left a mark on it (a continued segment between its row and the cleanup), and the
        // store lost the object; another object was committed and its node crashed before the row.
        RecordingMarks marks = marks();
        marks.pending(id.serial(), lost.storageKey());
        Files.delete(node.videoDir().resolve(lost.storageKey()));
        String orphan = id.serial() + "/orphan/" + lost.startMicros() + "-deadbeef.mp4";
        try (ObjectStore.PendingObject p = node.store().create(orphan)) {
            p.stream().write(new byte[] {1, 2, 3});
            p.commit();
        }
        marks.pending(id.serial(), orphan);

        RecordingRecovery.Report report = RecordingRecovery.run(new NoListing(node.store()), node.index(), marks,
                false);

        assertThat(report.rowsRemoved()).isEqualTo(1);
        assertThat(report.orphansRemoved()).isEqualTo(1);
        assertThat(node.segments(id.serial())).extracting(Segment::id).doesNotContain(lost.id());
        List<RecordingGap> gaps = node.index().gaps(id.serial(), 0, Long.MAX_VALUE);
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).startMicros()).isEqualTo(lost.startMicros());
        assertThat(gaps.get(0).endMicros()).isEqualTo(lost.endMicros());
        assertThat(gaps.get(0).reason()).isEqualTo(RecordingRecovery.LOST_REASON);
        assertThat(marks.left(System.currentTimeMillis())).isEmpty();
        // every row names an object and every object has a row (the camera's open segment, still
        // being written in this process, is no crash's leftover: the sweep leaves it)
        assertThat(new java.util.HashSet<>(node.store().keys())).isEqualTo(node.index().storageKeys().keySet());
    }

    private RecordingMarks marks() {
        return new RecordingMarks(node.index().database(), null);
    }

    private void send(ScriptedCamera camera, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            node.clock.set(t0 + i * FRAME);
            long seen = node.unitsSeen();
            camera.unit(i, 1_000_000 + i * FRAME, 1_700_000_000_000L + i * FRAME / 1000, VIDEO.keyframe(i),
                    VIDEO.frame(i));
            camera.awaitSeen(seen + 1);
        }
    }

    private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    /** A store whose listing is as dear as a big bucket's: recovery must not need it. */
    private record NoListing(LocalObjectStore real) implements ObjectStore {
        @Override
        public PendingObject create(String key) throws IOException {
            return real.create(key);
        }

        @Override
        public InputStream read(String key, long offset, long length) throws IOException {
            return real.read(key, offset, length);
        }

        @Override
        public long size(String key) throws IOException {
            return real.size(key);
        }

        @Override
        public boolean delete(String key) throws IOException {
            return real.delete(key);
        }

        @Override
        public long usedBytes() {
            return real.usedBytes();
        }

        @Override
        public List<String> list(String prefix) {
            throw new AssertionError("recovery listed the store (prefix '" + prefix + "')");
        }

        @Override
        public int sweepPending() throws IOException {
            return real.sweepPending();
        }
    }
}
