package camcloud.cloud.video;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.db.Database;
import camcloud.cloud.engines.OnBothDatabases;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes share one database: a camera that was on node A, restarted while on node B and comes
 * back to A is placed by the boot B saw, not by A's memory of the old boot (which would list a
 * "camera restarted" gap over video B recorded).
 */
class SharedTimelinesTest {

    static final long T0 = 1_800_000_000_000_000L;
    static final long FRAME = 66_666;

    @TempDir
    Path dir;

    @OnBothDatabases
    void aCameraBackFromAnotherNodeIsPlacedByTheBootThatNodeSaw(TestDatabase engine) throws Exception {
        try (Database db = engine.open(dir)) {
            CameraTimelines nodeA = new CameraTimelines(1_000_000, 2_000_000, new TimelineStore(db)).shared();
            CameraTimelines nodeB = new CameraTimelines(1_000_000, 2_000_000, new TimelineStore(db)).shared();
            // boot 1 on A, then the camera restarts (boot 2) and streams on B for a minute
            nodeA.of("CAM-1").place(1, 0, 5_000_000, T0);
            // A saves its anchor on a background thread: in the story it landed long before the
            // camera restarted on B (else A's late save of boot 1 would overwrite B's boot 2).
            TimelineStore store = new TimelineStore(db);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!store.load("CAM-1").map(saved -> saved.bootId() == 1).orElse(false)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long boot2At = T0 + 10_000_000;
            nodeB.of("CAM-1").place(2, 0, 1_000_000, boot2At);
            nodeB.close(); // its anchors are saved
            long back = boot2At + 60_000_000;
            long mono = 1_000_000 + 60_000_000;

            nodeA.refresh("CAM-1");
            Placement p = nodeA.of("CAM-1").place(2, 900, mono, back + 30_000);

            assertThat(p.discontinuity()).as("no restart listed: B already saw boot 2").isFalse();
            assertThat(p.timeMicros()).as("placed by B's anchor of boot 2").isEqualTo(back);
            nodeA.close();
        }
    }

    @OnBothDatabases
    void aSingleNodeDoesNotReadTheStoreAtEachConnection(TestDatabase engine) throws Exception {
        try (Database db = engine.open(dir)) {
            CameraTimelines alone = new CameraTimelines(1_000_000, 2_000_000, new TimelineStore(db));
            CameraTimelines other = new CameraTimelines(1_000_000, 2_000_000, new TimelineStore(db));
            alone.of("CAM-1").place(1, 0, 5_000_000, T0);
            other.of("CAM-1").place(2, 0, 1_000_000, T0 + 10_000_000);
            other.close();

            alone.refresh("CAM-1"); // not shared: keeps its memory

            Placement p = alone.of("CAM-1").place(2, 1, 1_000_000 + FRAME, T0 + 10_000_000 + FRAME);
            assertThat(p.discontinuity()).as("boot 2 is new to this node").isTrue();
            alone.close();
        }
    }
}
