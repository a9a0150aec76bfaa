package camcloud.cloud.recording;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.db.Database;
import camcloud.cloud.engines.DatabaseTest;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import camcloud.cloud.video.TimelineStore;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** The recording index, recording policies and timeline anchors in the database, on both engines. */
@DatabaseTest
class SegmentIndexTest {

    /** 2025-10-09 in epoch microseconds: far past 2^31, as every real time is. */
    private static final long T0 = 1_760_000_000_000_000L;
    private static final long SECOND = 1_000_000;

    @Parameter
    TestDatabase engine;
    @TempDir
    Path dir;
    Database db;
    SegmentIndex index;

    @BeforeEach
    void open() {
        db = engine.open(dir);
        index = new SegmentIndex(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void segmentsAreFoundByTimeAndKindAndCounted() {
        Segment a = index.add(segment("C1", 0, 4, "a", false));
        Segment b = index.add(segment("C1", 4, 8, "b", true));
        index.add(segment("C2", 0, 4, "c", false));
        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(index.segments("C1", T0 + 3 * SECOND, T0 + 5 * SECOND)).extracting(Segment::storageKey)
                .containsExactly("a", "b");
        assertThat(index.segments("C1", T0 + 8 * SECOND, Long.MAX_VALUE)).isEmpty();
        assertThat(index.segment("C1", b.id())).contains(b);
        assertThat(index.segment("C2", b.id())).isEmpty();
        assertThat(index.latest("C1")).contains(b);
        assertThat(index.oldest("C1", Long.MIN_VALUE, Long.MAX_VALUE, 1)).containsExactly(a);
        assertThat(index.oldest("C1", Long.MIN_VALUE, Long.MAX_VALUE, true, 10)).containsExactly(b);
        assertThat(index.oldestOverall(2)).extracting(Segment::storageKey).containsExactly("a", "c");
        assertThat(index.totalBytes("C1")).isEqualTo(2 * (5L << 30));
        assertThat(index.totalBytes("C1", T0 + SECOND)).isEqualTo(5L << 30);
        assertThat(index.storageKeys()).containsEntry("b", b.id()).hasSize(3);
        assertThat(index.remove(a.id())).isTrue();
        assertThat(index.remove(a.id())).isFalse();
        assertThat(index.segments("C1", Long.MIN_VALUE, Long.MAX_VALUE)).containsExactly(b);
    }

    @Test
    void aGrownSegmentReplacesItsRowUnlessTheRowChanged() {
        Segment a = index.add(segment("C1", 0, 4, "a", false));
        Segment grown = segment("C1", 0, 9, "a2", false);
        assertThat(index.replace(a, grown)).hasValueSatisfying(s -> {
            assertThat(s.id()).isEqualTo(a.id());
            assertThat(s.endMicros()).isEqualTo(T0 + 9 * SECOND);
        });
        assertThat(index.replace(a, segment("C1", 0, 12, "a3", false))).as("the row names a2 now").isEmpty();
        assertThat(index.segments("C1", Long.MIN_VALUE, Long.MAX_VALUE)).extracting(Segment::storageKey)
                .containsExactly("a2");
    }

    @Test
    void gapsAreRecordedExtendedAndForgotten() {
        long g = index.addGap("C3", T0, T0 + SECOND, "camera offline");
        assertThat(index.extendGap(g, T0 + 5 * SECOND)).isTrue();
        assertThat(index.gaps("C3", T0 + 4 * SECOND, Long.MAX_VALUE)).singleElement()
                .satisfies(gap -> assertThat(gap.reason()).isEqualTo("camera offline"));
        index.add(segment("C1", 0, 1, "a", false));
        assertThat(index.cameras()).containsExactly("C1", "C3");
        assertThat(index.removeGaps("C3", Long.MIN_VALUE, Long.MAX_VALUE, T0 + 2 * SECOND)).isZero();
        assertThat(index.removeGaps("C3", Long.MIN_VALUE, Long.MAX_VALUE, T0 + 5 * SECOND)).isEqualTo(1);
        assertThat(index.extendGap(g, T0 + 6 * SECOND)).isFalse();
    }

    @Test
    void policiesKeepWhatWasSetIncludingNothing() {
        RecordingPolicies policies = new RecordingPolicies(db);
        assertThat(policies.of("C1")).isEqualTo(RecordingPolicies.Policy.DEFAULT);
        RecordingPolicies.Policy some = new RecordingPolicies.Policy(false, Optional.of(30), Optional.of(3L << 40),
                Optional.of(90));
        policies.set("C1", some);
        assertThat(policies.of("C1")).isEqualTo(some);
        RecordingPolicies.Policy none = new RecordingPolicies.Policy(true, Optional.empty(), Optional.empty());
        policies.set("C1", none);
        assertThat(policies.of("C1")).isEqualTo(none);
    }

    @Test
    void timelineAnchorsComeBackWithWhatTheIndexHoldsOfTheirBoot() {
        TimelineStore timelines = new TimelineStore(db);
        timelines.save("C1", 7, T0, 1_000);
        timelines.save("C1", 8, T0 + SECOND, 2_000);
        timelines.save("C2", 1, T0, 5);
        index.add(segment("C1", 0, 4, "a", false)); // boot 8, sequences 10..20
        assertThat(timelines.loadAll().get("C1"))
                .isEqualTo(new TimelineStore.Saved(8, T0 + SECOND, 2_000, 20, T0 + 4 * SECOND));
        assertThat(timelines.loadAll().get("C2")).isEqualTo(new TimelineStore.Saved(1, T0, 5, -1, Long.MIN_VALUE));
    }

    private static Segment segment(String serial, int fromSecond, int toSecond, String key, boolean eventClip) {
        return new Segment(0, serial, T0 + fromSecond * SECOND, T0 + toSecond * SECOND, key, 5L << 30, 700, 100,
                90_000, (1L << 33) + 5, 90_000L * (toSecond - fromSecond), "avc1.42c01f", 320, 180, false, 8, 10, 20,
                1_760_000_000_000L, eventClip);
    }
}
