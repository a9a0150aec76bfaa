package camcloud.device.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration BASE = Duration.ofSeconds(1);
    private static final Duration CAP = Duration.ofSeconds(60);
    private static final Duration AT_RISK = Duration.ofSeconds(3);

    @Test
    void withNothingAtRiskTheWindowDoublesUpToTheCap() {
        for (long seed = 0; seed < 200; seed++) {
            Backoff backoff = new Backoff(BASE, CAP, AT_RISK, new Random(seed));
            assertThat(backoff.next().toMillis()).as("first retry").isBetween(500L, 1_000L);
            assertThat(backoff.next().toMillis()).isBetween(1_000L, 2_000L);
            assertThat(backoff.next().toMillis()).isBetween(1_000L, 4_000L);
            for (int i = 0; i < 10; i++) {
                backoff.next();
            }
            assertThat(backoff.next().toMillis()).as("after many failures").isBetween(1_000L, 60_000L);
        }
    }

    @Test
    void withVideoAtRiskNoWaitIsLongerThanTheAtRiskCap() {
        for (long seed = 0; seed < 200; seed++) {
            Backoff backoff = new Backoff(BASE, CAP, AT_RISK, new Random(seed));
            for (int i = 0; i < 20; i++) {
                assertThat(backoff.next(true).toMillis()).isBetween(500L, 3_000L);
            }
        }
    }

    @Test
    void aCameraThatHadNothingAtRiskComesBackQuicklyOnceVideoIsAtRisk() {
        Backoff backoff = new Backoff(BASE, CAP, AT_RISK, new Random(7));
        for (int i = 0; i < 10; i++) {
            backoff.next(false);
        }
        assertThat(backoff.next(true)).isLessThanOrEqualTo(AT_RISK);
    }

    @Test
    void theJitterSpreadsANodesCamerasOverTheWholeWindowFromTheFirstRetryOn() {
        Random random = new Random(42);
        LongSummaryStatistics first = new LongSummaryStatistics();
        LongSummaryStatistics third = new LongSummaryStatistics();
        for (int camera = 0; camera < 1_000; camera++) {
            Backoff backoff = new Backoff(BASE, CAP, AT_RISK, random);
            first.accept(backoff.next(true).toMillis());
            backoff.next(true);
            third.accept(backoff.next(true).toMillis());
        }
        assertThat(first.getMin()).isLessThan(550);
        assertThat(first.getMax()).isGreaterThan(950);
        assertThat(third.getMin()).isLessThan(1_100);
        assertThat(third.getMax()).isGreaterThan(2_900);
    }

    @Test
    void anAtRiskCapAboveTheCapOrBelowTheBaseChangesNothingBeyondThem() {
        Backoff shortCap = new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), AT_RISK, new Random(1));
        for (int i = 0; i < 20; i++) {
            assertThat(shortCap.next(true).toMillis()).isBetween(25L, 500L);
        }
        assertThat(shortCap.atRiskCap()).isEqualTo(Duration.ofMillis(500));
        Backoff tiny = new Backoff(BASE, CAP, Duration.ofMillis(10), new Random(1));
        for (int i = 0; i < 20; i++) {
            assertThat(tiny.next(true).toMillis()).isBetween(500L, 1_000L);
        }
    }

    @Test
    void badSettingsAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> new Backoff(BASE, Duration.ofMillis(10), new Random()))
                .hasMessageContaining("base PT1S, cap PT0.01S");
        assertThatThrownBy(() -> new Backoff(BASE, CAP, Duration.ZERO, new Random()))
                .hasMessageContaining("at-risk cap").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> AgentSettings.defaults("1.0").withBackoffAtRiskCap(Duration.ZERO))
                .hasMessageContaining("backoffAtRiskCap");
    }
}
