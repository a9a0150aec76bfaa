package camcloud.cloud.recording;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.ingest.MediaLimits;
import camcloud.cloud.ingest.RecordingNode;
import camcloud.cloud.ingest.ScriptedCamera;
import camcloud.cloud.ingest.TestVideo;
import camcloud.cloud.retention.RetentionSettings;
import camcloud.device.identity.CameraIdentity;
import camcloud.protocol.v1.Goodbye;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store goes unreachable while a camera streams (a camera over a real TLS socket, real SQLite,
 * real files behind a store that refuses to commit): the camera stays connected, gets no MediaAck for
 * what is not stored, finished segments wait on local disk and say so in the backlog, and once the
 * store is back everything is stored in order, acknowledged, and the archive has no gap. With the
 * backlog's bound reached, the camera is told to come back later instead.
 */
class StoreOutageTest {

    static final long FRAME = TestVideo.FRAME_MICROS;
    static final TestVideo VIDEO = TestVideo.of(250, 25);
    static final long MONO0 = 3_000_000;
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    RecordingNode node;
    final AtomicReference<UnreachableStore> store = new AtomicReference<>();
    long t0;

    private void start(long backlogBytes) throws Exception {
        node = RecordingNode.start(dir, RecorderSettings.DEFAULT.withSegmentMicros(1_000_000)
                        .withReconnectGraceMillis(300).withBacklogBytes(backlogBytes),
                new RetentionSettings(0, 0, 0, 0, 3600), MediaLimits.DEFAULT, real -> {
                    UnreachableStore s = new UnreachableStore(real);
                    store.set(s);
                    return s;
                });
        t0 = node.clock.get();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void noAckWhileTheStoreIsDownAndEverythingIsRecordedOnceItIsBack() throws Exception {
        start(RecorderSettings.DEFAULT_BACKLOG_BYTES);
        CameraIdentity id = node.provision();
        try (ScriptedCamera camera = node.connect(id, 9)) {
            camera.config(VIDEO);
            send(camera, 0, 50);
            camera.awaitAck(24, WAIT); // the first segment (0..24) is stored and acknowledged
            node.awaitRecorderIdle();
            long ackedBefore = camera.acks().stream().mapToLong(Long::longValue).max().orElseThrow();

            store.get().down = true;
            send(camera, 50, 150); // segments 25..49 .. 100..124 finish while the store is down
            node.awaitRecorderIdle();
            assertThat(await(() -> node.recorder().backlog().segments() >= 4)).as("segments wait").isTrue();
            Recorder.Backlog backlog = node.recorder().backlog();
            assertThat(backlog.failing()).isTrue();
            assertThat(backlog.bytes()).isPositive();
            assertThat(backlog.lastError()).contains("store unreachable");
            assertThat(camera.acks()).as("nothing acknowledged that is not stored").allSatisfy(a ->
                    assertThat(a).isLessThanOrEqualTo(ackedBefore));
            assertThat(camera.isOpen()).as("the camera stays connected").isTrue();

            store.get().down = false;
            camera.awaitAck(124, WAIT); // everything waiting is stored, in order, and acknowledged
            assertThat(node.recorder().backlog().segments()).isZero();
            assertThat(node.recorder().backlog().failing()).isFalse();
            List<Long> acks = camera.acks();
            for (int i = 1; i < acks.size(); i++) {
                assertThat(acks.get(i)).as("acks only go forward").isGreaterThan(acks.get(i - 1));
            }
            send(camera, 150, 250);
        }
        node.restart(); // commits the open segment

        List<Segment> segments = node.segments(id.serial());
        assertThat(segments.stream().mapToInt(Segment::frames).sum()).isEqualTo(250);
        for (int i = 1; i < segments.size(); i++) {
            assertThat(segments.get(i).firstSequence()).isEqualTo(segments.get(i - 1).lastSequence() + 1);
            assertThat(segments.get(i).startMicros()).isEqualTo(segments.get(i - 1).endMicros());
        }
        assertThat(node.index().gaps(id.serial(), 0, Long.MAX_VALUE)).isEmpty();
        node.assertIndexAgreesWithFiles();
    }

    @Test
    void aDatabaseThatRefusesTheIndexRowsHoldsBackAcksUntilItTakesThem() throws Exception {
        start(RecorderSettings.DEFAULT_BACKLOG_BYTES);
        CameraIdentity id = node.provision();
        try (ScriptedCamera camera = node.connect(id, 9)) {
            camera.config(VIDEO);
            send(camera, 0, 50);
            camera.awaitAck(24, WAIT);
            node.awaitRecorderIdle();

            database("CREATE TRIGGER refuse_segments BEFORE INSERT ON segments "
                    + "BEGIN SELECT RAISE(ABORT, 'test: database refuses writes'); END");
            send(camera, 50, 100); // 25..49 and 50..74 are committed to the store, their rows refused
            node.awaitRecorderIdle();
            assertThat(await(() -> node.recorder().backlog().segments() >= 2)).isTrue();
            assertThat(node.recorder().backlog().lastError()).contains("database refuses writes");
            assertThat(camera.acks()).allSatisfy(a -> assertThat(a).isLessThanOrEqualTo(24));
            assertThat(camera.isOpen()).isTrue();

            database("DROP TRIGGER refuse_segments");
            camera.awaitAck(74, WAIT);
            send(camera, 100, 125);
        }
        node.restart();
        List<Segment> segments = node.segments(id.serial());
        assertThat(segments.stream().mapToInt(Segment::frames).sum()).isEqualTo(125);
        for (int i = 1; i < segments.size(); i++) {
            assertThat(segments.get(i).firstSequence()).isEqualTo(segments.get(i - 1).lastSequence() + 1);
        }
        assertThat(node.index().gaps(id.serial(), 0, Long.MAX_VALUE)).isEmpty();
        node.assertIndexAgreesWithFiles();
    }

    private void database(String sql) {
        node.index().database().query(c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute(sql);
            }
            return null;
        });
    }

    @Test
    void aFullBacklogTellsTheCameraToRetryLaterAndLosesNothingAcknowledged() throws Exception {
        start(1); // any waiting segment fills it
        CameraIdentity id = node.provision();
        long acked;
        try (ScriptedCamera camera = node.connect(id, 9)) {
            camera.config(VIDEO);
            send(camera, 0, 30);
            camera.awaitAck(24, WAIT);
            acked = camera.acks().stream().mapToLong(Long::longValue).max().orElseThrow();

            store.get().down = true;
            send(camera, 30, 51); // the segment 25..49 finishes at 50 and cannot be stored
            Goodbye goodbye = camera.awaitGoodbye(WAIT);
            assertThat(goodbye.getReason()).isEqualTo(Goodbye.Reason.REASON_OVERLOADED);
            assertThat(goodbye.getDetail()).contains("retry later");
            assertThat(camera.acks()).allSatisfy(a -> assertThat(a).isLessThanOrEqualTo(acked));
        }
        store.get().down = false;
        assertThat(await(() -> node.recorder().backlog().segments() == 0)).as("the backlog is stored").isTrue();
        // The camera comes back later and resends everything after its last acknowledgement.
        long reconnect = t0 + 75 * FRAME + 2_000_000;
        try (ScriptedCamera camera = node.connect(id, 9)) {
            camera.config(VIDEO);
            for (int i = (int) acked + 1; i < 125; i++) {
                node.clock.set(reconnect + (i - acked) * 1_000L);
                long seen = node.unitsSeen();
                camera.unit(i, MONO0 + i * FRAME, 1_700_000_000_000L + i * FRAME / 1000, VIDEO.keyframe(i),
                        VIDEO.frame(i));
                if (i > 50) { // 25..50 reached the node before it said goodbye: skipped as already received
                    camera.awaitSeen(seen + 1);
                }
            }
            camera.awaitAck(99, WAIT);
        }
        node.restart();
        List<Segment> segments = node.segments(id.serial());
        assertThat(segments.get(0).firstSequence()).isZero();
        for (int i = 1; i < segments.size(); i++) {
            assertThat(segments.get(i).firstSequence()).as("nothing lost between segments")
                    .isEqualTo(segments.get(i - 1).lastSequence() + 1);
        }
        assertThat(segments.get(segments.size() - 1).lastSequence()).isEqualTo(124);
        assertThat(segments.stream().mapToInt(Segment::frames).sum()).isEqualTo(125);
        assertThat(node.index().gaps(id.serial(), 0, Long.MAX_VALUE)).isEmpty();
        node.assertIndexAgreesWithFiles();
    }

    private void send(ScriptedCamera camera, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            sendOne(camera, i);
        }
    }

    private void sendOne(ScriptedCamera camera, int i) throws Exception {
        node.clock.set(t0 + i * FRAME);
        long seen = node.unitsSeen();
        camera.unit(i, MONO0 + i * FRAME, 1_700_000_000_000L + i * FRAME / 1000, VIDEO.keyframe(i), VIDEO.frame(i));
        camera.awaitSeen(seen + 1);
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
}
