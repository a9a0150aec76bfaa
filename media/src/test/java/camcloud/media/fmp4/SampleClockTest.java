package camcloud.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleClockTest {

    @Test
    void convertsIntervalsToNinetyKilohertzTicks() {
        SampleClock clock = SampleClock.standard();
        assertThat(clock.duration(0, 40_000)).isEqualTo(3600);
        assertThat(clock.duration(40_000, 73_333)).isEqualTo(3000);
    }

    @Test
    void clockGoingBackOrRepeatingReusesTheLastGoodInterval() {
        SampleClock clock = SampleClock.standard();
        clock.duration(0, 33_333);
        assertThat(clock.duration(33_333, 33_333)).isEqualTo(3000);
        assertThat(clock.duration(33_333, -5_000_000)).isEqualTo(3000);
        assertThat(clock.duration(Long.MIN_VALUE, Long.MAX_VALUE)).as("overflowing interval").isEqualTo(3000);
    }

    @Test
    void anOutageIsClampedNotAnHourLongSample() {
        SampleClock clock = SampleClock.standard();
        assertThat(clock.duration(0, 3_600_000_000L)).isEqualTo(450_000);
    }

    @Test
    void anyInputGivesADurationInRange() {
        Random random = new Random(5);
        SampleClock clock = SampleClock.standard();
        for (int i = 0; i < 10_000; i++) {
            int d = clock.duration(random.nextLong(), random.nextLong());
            assertThat(d).isBetween(1, 450_000);
        }
    }

    @Test
    void badSettingsFailFast() {
        assertThatThrownBy(() -> new SampleClock(0, 40_000, 5_000_000)).hasMessageContaining("timescale");
        assertThatThrownBy(() -> new SampleClock(90_000, 0, 5_000_000)).hasMessageContaining("nominalFrameMicros");
    }
}
