package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.db.Database;
import camcloud.cloud.engines.DatabaseTest;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** The firmware tables, on both engines: every write replaces what was there for its key. */
@DatabaseTest
class FirmwareStoreTest {

    @Parameter
    TestDatabase engine;
    @TempDir
    Path dir;
    Database db;
    FirmwareStore store;

    @BeforeEach
    void open() {
        db = engine.open(dir);
        store = new FirmwareStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void bundlesAreReplacedByModelAndVersionAndListedNewestFirst() {
        store.putBundle(bundle("cam-1", "1.0.0", 100, "aa"));
        store.putBundle(bundle("cam-1", "1.1.0", 110, "bb"));
        store.putBundle(bundle("cam-0", "9.0.0", 900, "cc"));
        store.putBundle(bundle("cam-1", "1.0.0", 100, "dd"));
        assertThat(store.bundle("cam-1", "1.0.0")).map(PublishedBundle::sha256).contains("dd");
        assertThat(store.bundles("cam-1")).extracting(PublishedBundle::version).containsExactly("1.1.0", "1.0.0");
        assertThat(store.bundles(null)).extracting(PublishedBundle::model).containsExactly("cam-0", "cam-1", "cam-1");
        assertThat(store.bundle("cam-2", "1.0.0")).isEmpty();
    }

    @Test
    void targetsProgressAndPinnedKeysAreOnePerCamera() {
        store.setTarget("C1", "1.0.0", 1);
        store.setTarget("C1", "1.1.0", 2);
        assertThat(store.target("C1")).contains(new CameraTarget("1.1.0", 2));
        store.clearTarget("C1");
        assertThat(store.target("C1")).isEmpty();

        store.putProgress(new CameraUpdateProgress("C1", "1.1.0", "downloading", 10, 6L << 30, "", 3));
        CameraUpdateProgress done = new CameraUpdateProgress("C1", "1.1.0", "installed", 6L << 30, 6L << 30, "", 4);
        store.putProgress(done);
        assertThat(store.progress("C1")).contains(done);

        assertThat(store.pinnedKeys("C1")).isEmpty();
        store.putPinnedKeys("C1", List.of("k2", "k1"), 5);
        assertThat(store.pinnedKeys("C1")).contains(List.of("k1", "k2"));
        store.putPinnedKeys("C1", List.of(), 6);
        assertThat(store.pinnedKeys("C1")).contains(List.of());
    }

    private static PublishedBundle bundle(String model, String version, long number, String sha) {
        return new PublishedBundle(model, version, number, 0, 5L << 30, sha, "key-1", model + "-" + version + ".bin",
                1_760_000_000_000L);
    }
}
