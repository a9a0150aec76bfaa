package camcloud.cloud.event;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.db.Database;
import camcloud.cloud.engines.OnBothDatabases;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import camcloud.cloud.ownership.Ownerships;
import camcloud.cloud.ownership.VideoWindow;
import camcloud.cloud.recording.RecordingPolicies;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.retention.Retention;
import camcloud.cloud.retention.RetentionSettings;
import camcloud.cloud.storage.LocalObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events and their snapshots go with the event clips of their period (the event retention, not the
 * shorter continuous one), and with an owner's erasure.
 */
class EventRetentionTest {

    static final long DAY = 86_400_000_000L;

    @TempDir
    Path dir;

    @OnBothDatabases
    void eventsOlderThanTheEventRetentionAndErasedOnesGoWithTheirSnapshots(TestDatabase engine) throws Exception {
        try (Database db = engine.open(dir)) {
            LocalObjectStore snapshots = new LocalObjectStore(dir.resolve("snapshots"));
            EventService events = EventService.open(db, snapshots);
            Retention retention = new Retention(new LocalObjectStore(dir.resolve("video")), new SegmentIndex(db),
                    new RecordingPolicies(db), new Ownerships(db, Clock.systemUTC()),
                    new RetentionSettings(2, 0, 0, 0, 3600, 5)); // events go by the event clips' 5 days
            retention.onExpired(events.expiry());
            long now = System.currentTimeMillis() * 1000;
            byte[] jpeg = EventCamera.jpeg(8, 8);
            events.started("CAM-1", "old", "motion", "", now - 10 * DAY, 0.1f, Map.of(), jpeg);
            events.started("CAM-1", "recent", "sound", "", now - DAY, 0.1f, Map.of(), jpeg);
            events.started("CAM-2", "other", "motion", "", now - DAY, 0.1f, Map.of(), jpeg);
            assertThat(snapshots.keys()).hasSize(3);

            retention.enforce(); // no segments at all: the age rule still applies to events

            assertThat(ids(events, "CAM-1")).containsExactly("sound");
            assertThat(snapshots.keys()).hasSize(2);

            retention.erase("CAM-1", new VideoWindow(now - 2 * DAY, Long.MAX_VALUE));
            assertThat(ids(events, "CAM-1")).isEmpty();
            assertThat(ids(events, "CAM-2")).containsExactly("motion");
            assertThat(snapshots.keys()).hasSize(1);
            events.close();
        }
    }

    private static List<String> ids(EventService events, String serial) {
        return events.page(List.of(new EventStore.Visible(serial, List.<long[]>of(new long[] {Long.MIN_VALUE,
                Long.MAX_VALUE}))), Set.of(), Long.MIN_VALUE, Long.MAX_VALUE, null, 10).stream()
                .map(r -> r.event().type()).toList();
    }
}
