package camcloud.cloud.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Scripted camera timestamps against the cloud's timeline rules. */
class CameraTimelineTest {

    static final long FRAME = 40_000;
    static final long T0 = 1_800_000_000_000_000L;
    static final long TOLERANCE = 1_000_000;
    static final long GAP = 5_000_000;

    final CameraTimeline timeline = new CameraTimeline(TOLERANCE, GAP);

    @Test
    void liveVideoSitsWhereItArrivedAndRunsOnTheMonotonicClock() {
        for (int i = 0; i < 100; i++) {
            Placement p = timeline.place(1, i, 7_000_000 + i * FRAME, T0 + i * FRAME + (i % 3) * 5_000);
            assertThat(p.timeMicros()).isEqualTo(T0 + i * FRAME);
            assertThat(p.discontinuity()).isFalse();
        }
    }

    @Test
    void monotonicClockGoingBackwardsContinuesWithoutAGap() {
        play(0, 50, 7_000_000, T0);
        Placement p = timeline.place(1, 50, 1_000, T0 + 50 * FRAME);
        assertThat(p.timeMicros()).isEqualTo(T0 + 50 * FRAME);
        assertThat(p.discontinuity()).isFalse();
        assertThat(timeline.place(1, 51, 1_000 + FRAME, T0 + 51 * FRAME).timeMicros()).isEqualTo(T0 + 51 * FRAME);
    }

    @Test
    void monotonicJumpAheadIsNeverPlacedInTheFuture() {
        play(0, 50, 7_000_000, T0);
        long tenMinutes = 600_000_000;
        Placement p = timeline.place(1, 50, 7_000_000 + 50 * FRAME + tenMinutes, T0 + 50 * FRAME);
        assertThat(p.timeMicros()).isEqualTo(T0 + 50 * FRAME);
        assertThat(p.discontinuity()).isFalse();
        assertThat(timeline.place(1, 51, 7_000_000 + 51 * FRAME + tenMinutes, T0 + 51 * FRAME).timeMicros())
                .isEqualTo(T0 + 51 * FRAME);
    }

    @Test
    void aCameraSendingFasterThanRealTimeIsHeldAtArrivalPlusTolerance() {
        for (int i = 0; i < 200; i++) {
            Placement p = timeline.place(1, i, i * FRAME, T0 + i * 1_000);
            assertThat(p.timeMicros()).isLessThanOrEqualTo(T0 + i * 1_000 + TOLERANCE + 1);
        }
    }

    @Test
    void aRealOutageIsAGapFromTheLastUnit() {
        play(0, 50, 7_000_000, T0);
        long outage = 600_000_000;
        Placement p = timeline.place(1, 50, 7_000_000 + 50 * FRAME + outage, T0 + 50 * FRAME + outage);
        assertThat(p.discontinuity()).isTrue();
        assertThat(p.gapFromMicros()).isEqualTo(T0 + 49 * FRAME);
        assertThat(p.timeMicros()).isEqualTo(T0 + 50 * FRAME + outage);
        assertThat(p.reason()).isEqualTo("no video from the camera");
    }

    @Test
    void bufferedVideoAfterAReconnectOfTheSameBootLandsWhereItWasCaptured() {
        play(0, 50, 7_000_000, T0);
        long reconnect = T0 + 50 * FRAME + 3_000_000;
        // The camera resends from its first unacknowledged unit: 40..49 are duplicates.
        for (int i = 40; i < 50; i++) {
            assertThat(timeline.place(1, i, 7_000_000 + i * FRAME, reconnect).duplicate()).isTrue();
        }
        for (int i = 50; i < 125; i++) {
            Placement p = timeline.place(1, i, 7_000_000 + i * FRAME, reconnect + (i - 50) * 100);
            assertThat(p.timeMicros()).isEqualTo(T0 + i * FRAME);
            assertThat(p.discontinuity()).isFalse();
        }
    }

    @Test
    void aNewBootIsADiscontinuityAndNeverOverlaps() {
        play(0, 50, 7_000_000, T0);
        Placement p = timeline.place(2, 0, 2_000, T0 + 10 * FRAME); // arrives "before" the last unit
        assertThat(p.discontinuity()).isTrue();
        assertThat(p.reason()).isEqualTo("camera restarted");
        assertThat(p.timeMicros()).isGreaterThan(T0 + 49 * FRAME);
        assertThat(p.duplicate()).isFalse();
    }

    @Test
    void cameraReportedDropsGiveTheNextGapItsReason() {
        play(0, 50, 7_000_000, T0);
        long[] range = timeline.dropped(1, 7_000_000 + 50 * FRAME, 7_000_000 + 299 * FRAME, "buffer overflow");
        assertThat(range).containsExactly(T0 + 50 * FRAME, T0 + 299 * FRAME);
        Placement p = timeline.place(1, 300, 7_000_000 + 300 * FRAME, T0 + 300 * FRAME);
        assertThat(p.discontinuity()).isTrue();
        assertThat(p.reason()).isEqualTo("buffer overflow");
    }

    /**
     * Regression: a camera that powered on while the network was down sends its first seconds as a
     * backlog. Anchored at the first unit's arrival, the backlog ran ahead of "now" and was squeezed
     * against arrival + tolerance, frames microseconds apart (ffmpeg: "non monotonically increasing
     * dts"). With the Hello's clock reading, it lands where it was captured, frames 40 ms apart.
     */
    @Test
    void aBacklogOfANewBootLandsWhereTheHellosClockReadingSaysItWasCaptured() {
        long mono0 = 3_000_000;
        long hello = T0 + 5_000_000;
        timeline.clockReading(1, mono0 + 5_000_000, hello); // five seconds after the first frame
        for (int i = 0; i < 150; i++) { // 6 s of video: 5 s buffered, uploaded in 0.1 s, then live
            long arrival = i < 125 ? hello + 20_000 + i * 800 : T0 + i * FRAME + 20_000;
            Placement p = timeline.place(1, i, mono0 + i * FRAME, arrival);
            assertThat(p.timeMicros()).as("unit %d", i).isEqualTo(T0 + i * FRAME);
            assertThat(p.discontinuity()).isFalse();
        }
    }

    @Test
    void withoutAClockReadingABacklogIsHeldAtArrivalPlusTolerance() {
        for (int i = 0; i < 125; i++) {
            Placement p = timeline.place(1, i, 3_000_000 + i * FRAME, T0 + i * 800);
            assertThat(p.timeMicros()).isLessThanOrEqualTo(T0 + i * 800 + TOLERANCE + 1);
        }
    }

    @Test
    void aClockReadingOfAnotherBootOrOfHoursAgoIsNotBelieved() {
        timeline.clockReading(9, 50_000_000, T0);
        assertThat(timeline.place(1, 0, 1_000_000, T0).timeMicros()).as("another boot's reading").isEqualTo(T0);

        CameraTimeline other = new CameraTimeline(TOLERANCE, GAP);
        other.clockReading(1, 1_000_000 + 2 * CameraTimeline.MAX_BACKLOG_MICROS, T0);
        assertThat(other.place(1, 0, 1_000_000, T0).timeMicros()).as("a unit hours old").isEqualTo(T0);

        CameraTimeline ahead = new CameraTimeline(TOLERANCE, GAP);
        ahead.clockReading(1, 1_000_000, T0);
        assertThat(ahead.place(1, 0, 3_000_000, T0 + 500).timeMicros()).as("never after its arrival")
                .isEqualTo(T0 + 500);
    }

    @Test
    void aClockReadingNeverMovesANewBootOverThePreviousBootsVideo() {
        play(0, 50, 7_000_000, T0);
        long hello = T0 + 50 * FRAME + 1_000_000;
        timeline.clockReading(2, 60_000_000, hello); // claims its backlog began 30 s ago
        Placement p = timeline.place(2, 0, 30_000_000, hello + 10_000);
        assertThat(p.timeMicros()).isGreaterThan(T0 + 49 * FRAME);
        assertThat(p.reason()).isEqualTo("camera restarted");
    }

    private void play(int first, int count, long mono0, long arrival0) {
        for (int i = first; i < first + count; i++) {
            timeline.place(1, i, mono0 + i * FRAME, arrival0 + i * FRAME);
        }
    }
}
