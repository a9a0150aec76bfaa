package camcloud.cloud.archive;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.media.hls.PlaylistType;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** When an archive range is complete, and so how its playlist ends. */
class RangeCompletionTest {

    private static final Instant TO = Instant.parse("2026-11-23T10:00:30Z");
    private static final TimeRange RANGE = new TimeRange(TO.minusSeconds(30), TO);
    private static final long TO_MICROS = RANGE.toMicros();
    private static final OptionalLong NOTHING = OptionalLong.empty();

    private static PlaylistType at(Instant now, OptionalLong latestEnd, OptionalLong unindexedSince) {
        return RangeCompletion.decide(RANGE, now, latestEnd, unindexedSince);
    }

    private static OptionalLong micros(long value) {
        return OptionalLong.of(value);
    }

    @Test
    void aRangeReachingIntoTheFutureIsAGrowingEvent() {
        assertThat(at(TO.minusMillis(1), micros(TO_MICROS + 5_000_000), NOTHING)).isEqualTo(PlaylistType.EVENT);
    }

    @Test
    void whileTheSegmentCoveringToIsOpenTheRangeIsNotComplete() {
        // The last indexed segment ends 2 s before 'to'; the recorder writes the next one since then.
        OptionalLong latest = micros(TO_MICROS - 2_000_000);
        assertThat(at(TO.plusSeconds(5), latest, micros(TO_MICROS - 2_000_000))).isEqualTo(PlaylistType.EVENT);
        assertThat(at(TO.plusSeconds(3600), latest, micros(TO_MICROS - 2_000_000)))
                .as("however long it stays open").isEqualTo(PlaylistType.EVENT);
    }

    @Test
    void onceASegmentEndingAtOrAfterToIsIndexedTheRangeIsCompleteAtOnce() {
        assertThat(at(TO, micros(TO_MICROS), micros(TO_MICROS))).isEqualTo(PlaylistType.ENDED_EVENT);
        assertThat(at(TO.plusMillis(100), micros(TO_MICROS + 1_500_000), micros(TO_MICROS + 1_500_000)))
                .isEqualTo(PlaylistType.ENDED_EVENT);
    }

    @Test
    void aCameraThatStoppedBeforeToCompletesTheRangeOnceUnitsInFlightHadTheirTime() {
        OptionalLong latest = micros(TO_MICROS - 10_000_000);
        assertThat(at(TO.plusMillis(500), latest, NOTHING)).as("a unit may still be on its way")
                .isEqualTo(PlaylistType.EVENT);
        assertThat(at(TO.plus(RangeCompletion.IN_FLIGHT), latest, NOTHING)).isEqualTo(PlaylistType.ENDED_EVENT);
        assertThat(at(TO.plusSeconds(3), NOTHING, NOTHING)).as("nothing ever recorded")
                .isEqualTo(PlaylistType.ENDED_EVENT);
        assertThat(at(TO.plusSeconds(3), latest, micros(TO_MICROS + 400_000)))
                .as("what the recorder holds starts after 'to'").isEqualTo(PlaylistType.ENDED_EVENT);
    }

    @Test
    void aCompleteRangeIsVodOnlyWhenNoPlayerCanStillBeReloadingItAsAnEvent() {
        OptionalLong latest = micros(TO_MICROS + 1_000_000);
        assertThat(at(TO.plus(RangeCompletion.RECENT).minusMillis(1), latest, NOTHING))
                .isEqualTo(PlaylistType.ENDED_EVENT);
        assertThat(at(TO.plus(RangeCompletion.RECENT), latest, NOTHING)).isEqualTo(PlaylistType.VOD);
        assertThat(at(TO.plusSeconds(86_400), NOTHING, NOTHING)).isEqualTo(PlaylistType.VOD);
    }
}
