package camcloud.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.db.Database;
import camcloud.cloud.engines.DatabaseTest;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Cameras' desired settings and reported state in the database, on both engines. */
@DatabaseTest
class CameraSettingsStoreTest {

    @Parameter
    TestDatabase engine;
    @TempDir
    Path dir;
    Database db;
    CameraSettingsStore store;

    @BeforeEach
    void open() {
        db = engine.open(dir);
        store = new CameraSettingsStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void desiredSettingsAddUpAndAreListedByKey() {
        store.saveDesired("C1", Map.of("video.fps", "15", "image.flip", "true"), 1);
        store.saveDesired("C1", Map.of("video.fps", "25"), 2);
        store.saveDesired("C2", Map.of("video.fps", "5"), 2);
        assertThat(store.desired("C1")).containsExactly(Map.entry("image.flip", "true"), Map.entry("video.fps", "25"));
    }

    @Test
    void aCompleteReportReplacesAndAPartialOneUpdates() {
        store.saveReported(List.of(new CameraSettingsStore.Report("C1", Map.of("a", "1", "b", "2"), true),
                new CameraSettingsStore.Report("C2", Map.of("a", "9"), true)), 1);
        store.saveReported(List.of(new CameraSettingsStore.Report("C1", Map.of("b", "3"), false)), 2);
        assertThat(store.reported("C1")).containsExactly(Map.entry("a", "1"), Map.entry("b", "3"));
        store.saveReported(List.of(new CameraSettingsStore.Report("C1", Map.of("c", "4"), true)), 3);
        assertThat(store.reported("C1")).containsExactly(Map.entry("c", "4"));
        db.inTransaction(c -> CameraSettingsStore.clear(c, "C1"));
        assertThat(store.reported("C1")).isEmpty();
        assertThat(store.reported("C2")).containsExactly(Map.entry("a", "9"));
    }
}
