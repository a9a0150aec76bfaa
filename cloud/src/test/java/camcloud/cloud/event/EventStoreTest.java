package camcloud.cloud.event;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.db.Database;
import camcloud.cloud.engines.DatabaseTest;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Camera events in the database, on both engines. */
@DatabaseTest
class EventStoreTest {

    private static final long T0 = 1_760_000_000_000_000L;
    private static final long SECOND = 1_000_000;

    @Parameter
    TestDatabase engine;
    @TempDir
    Path dir;
    Database db;
    EventStore events;

    @BeforeEach
    void open() {
        db = engine.open(dir);
        events = new EventStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aResentStartChangesNothingAndAnEndKeepsTheHigherScoreAndNeverEndsBeforeTheStart() {
        assertThat(start("C1", "b1-1", "motion", T0, "snap/1")).isTrue();
        assertThat(start("C1", "b1-1", "motion", T0 + SECOND, null)).isFalse();
        assertThat(events.end("C1", "b1-1", T0 - SECOND, 0.2f, Map.of("zone2", "x"))).isEqualTo(EventStore.Ended.ENDED);
        EventStore.Row row = events.byCameraEventId("C1", "b1-1").orElseThrow();
        assertThat(row.event().endMillis()).contains(T0 / 1000);
        assertThat(row.event().score()).isEqualTo(0.5f);
        assertThat(row.event().details()).containsEntry("a", "1").containsEntry("zone2", "x");
        assertThat(row.snapshotKey()).isEqualTo("snap/1");
        assertThat(events.byPublicId(row.event().id())).isPresent();
        assertThat(events.end("C1", "b1-1", T0 + SECOND, 0.9f, Map.of())).isEqualTo(EventStore.Ended.ALREADY_ENDED);
        assertThat(events.end("C1", "nope", T0, 0.9f, Map.of())).isEqualTo(EventStore.Ended.NO_START);
        start("C1", "b1-2", "sound", T0 + SECOND, null);
        events.end("C1", "b1-2", T0 + 3 * SECOND, 0.9f, Map.of());
        assertThat(events.byCameraEventId("C1", "b1-2").orElseThrow().event().score()).isEqualTo(0.9f);
    }

    @Test
    void pagesGoNewestFirstWithinTheWindowsAndTypesAndContinueAfterTheCursor() {
        for (int i = 0; i < 5; i++) {
            start("C1", "e" + i, i % 2 == 0 ? "motion" : "sound", T0 + i * SECOND, i == 1 ? "snap/" + i : null);
        }
        start("C2", "x", "motion", T0, null);
        List<EventStore.Visible> visible = List.of(new EventStore.Visible("C1", List.of(new long[] {T0, T0 + 4 * SECOND})),
                new EventStore.Visible("C2", List.<long[]>of()));
        List<EventStore.Row> first = events.page(visible, Set.of(), Long.MIN_VALUE, Long.MAX_VALUE, null, 2);
        assertThat(first).extracting(EventStore.Row::startMicros).containsExactly(T0 + 3 * SECOND, T0 + 2 * SECOND);
        EventStore.Row last = first.get(1);
        List<EventStore.Row> next = events.page(visible, Set.of(), Long.MIN_VALUE, Long.MAX_VALUE,
                new EventStore.Cursor(last.startMicros(), last.rowId()), 10);
        assertThat(next).extracting(EventStore.Row::startMicros).containsExactly(T0 + SECOND, T0);
        assertThat(events.page(visible, Set.of("motion"), Long.MIN_VALUE, Long.MAX_VALUE, null, 10))
                .extracting(EventStore.Row::startMicros).containsExactly(T0 + 2 * SECOND, T0);
        assertThat(events.cameras()).containsExactlyInAnyOrder("C1", "C2");
        assertThat(events.snapshotKeys()).containsExactly("snap/1");
        assertThat(events.deleteStartedIn("C1", T0, T0 + 2 * SECOND)).containsExactly("snap/1");
        assertThat(events.page(visible, Set.of(), Long.MIN_VALUE, Long.MAX_VALUE, null, 10)).hasSize(2);
    }

    private boolean start(String serial, String id, String type, long startMicros, String snapshot) {
        return events.insertStart(EventStore.newPublicId(), serial, id, type, null, startMicros, 0.5f,
                Map.of("a", "1"), snapshot);
    }
}
