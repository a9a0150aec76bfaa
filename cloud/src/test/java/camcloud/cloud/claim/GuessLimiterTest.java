package camcloud.cloud.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.api.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GuessLimiterTest {

    /** Moved by hand. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final GuessLimiter limiter = new GuessLimiter(3, Duration.ofMinutes(15), 1000, clock);

    @Test
    void aBurstOfGuessesIsFreeThenEachFurtherGuessWaitsOneStep() {
        // 3 per 15 minutes: one guess comes back every 5 minutes
        limiter.failed("user:1");
        clock.advance(Duration.ofSeconds(60));
        limiter.failed("user:1");
        assertThat(limiter.retryAfter("user:1")).isZero();
        limiter.failed("user:1");
        // 15 minutes of debt, less the minute that passed: one guess is back in 4 minutes
        assertThat(limiter.retryAfter("user:1")).isEqualTo(Duration.ofMinutes(4));
        clock.advance(Duration.ofMinutes(4));
        assertThat(limiter.retryAfter("user:1")).isZero();
        limiter.failed("user:1");
        assertThat(limiter.retryAfter("user:1")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aGuesserWhoKeepsGoingGetsTheLongRunRateAndNeverMore() {
        int allowed = 0;
        for (int second = 0; second < 24 * 3600; second++) {
            if (limiter.retryAfter("ip:10.0.0.1").isZero()) {
                limiter.failed("ip:10.0.0.1");
                allowed++;
            }
            clock.advance(Duration.ofSeconds(1));
        }
        // 3 at once, then one each 5 minutes: 3 + 24 * 12 - 1 in a day, against 86,400 unlimited
        assertThat(allowed).isEqualTo(3 + 24 * 12 - 1);
    }

    @Test
    void theWaitIsNeverLongerThanOneStep() {
        for (int i = 0; i < 100; i++) {
            limiter.failed("user:2"); // even when recorded without asking first
        }
        assertThat(limiter.retryAfter("user:2")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void anyLimitedKeyLimitsTheGuess() {
        for (int i = 0; i < 3; i++) {
            limiter.failed("ip:10.0.0.1");
        }
        assertThat(limiter.retryAfter("user:7", "ip:10.0.0.1")).isPositive();
        assertThat(limiter.retryAfter("user:7", "ip:10.0.0.2")).isZero();
    }

    @Test
    void successForgetsAKey() {
        for (int i = 0; i < 3; i++) {
            limiter.failed("name:alice");
        }
        limiter.succeeded("name:alice");
        assertThat(limiter.retryAfter("name:alice")).isZero();
    }

    @Test
    void theTableIsBoundedUnderAFloodOfKeys() {
        GuessLimiter small = new GuessLimiter(3, Duration.ofMinutes(15), 100, clock);
        for (int i = 0; i < 100_000; i++) {
            small.failed("ip:" + i);
        }
        assertThat(small.size()).isEqualTo(100);
        // The most recent guessers are the ones still remembered.
        small.failed("ip:99999");
        small.failed("ip:99999");
        assertThat(small.retryAfter("ip:99999")).isPositive();
    }

    @Test
    void agedOutKeysAreSweptAway() {
        for (int i = 0; i < 50; i++) {
            limiter.failed("ip:" + i);
        }
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        for (int i = 0; i < 20; i++) {
            limiter.failed("fresh:" + i);
        }
        assertThat(limiter.size()).isEqualTo(20);
    }

    @Test
    void aBudgetSaysWhatItIs() {
        GuessLimiter.Budget b = new GuessLimiter.Budget(10, Duration.ofMinutes(15));
        assertThat(b.step()).isEqualTo(Duration.ofSeconds(90));
        assertThat(b).hasToString("10 per PT15M");
    }

    @Test
    void badSettingsFailFast() {
        assertThatThrownBy(() -> new GuessLimiter(0, Duration.ofMinutes(1), 10, clock)).hasMessageContaining("maxFailures");
        assertThatThrownBy(() -> new GuessLimiter(1, Duration.ZERO, 10, clock)).hasMessageContaining("window");
        assertThatThrownBy(() -> new GuessLimiter(1, Duration.ofMinutes(1), 0, clock)).hasMessageContaining("maxKeys");
    }
}
