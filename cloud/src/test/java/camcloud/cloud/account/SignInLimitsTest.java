package camcloud.cloud.account;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.claim.GuessLimiter.Budget;
import camcloud.cloud.api.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The three sign-in budgets and the known places, without HTTP (GuessLimitsTest has them over HTTP). */
class SignInLimitsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SignInLimits limits = new SignInLimits(new Budget(3, Duration.ofMinutes(3)),
            new Budget(10, Duration.ofMinutes(10)), new Budget(5, Duration.ofMinutes(5)), clock);

    @Test
    void theRightPasswordForgetsThatAddressesFailuresForThatNameOnly() {
        limits.failed("alice", "10.0.0.1");
        limits.failed("alice", "10.0.0.1");
        limits.failed("bob", "10.0.0.1");
        limits.succeeded("ALICE ", "10.0.0.1");
        for (int i = 0; i < 3; i++) {
            assertThat(limits.retryAfter("alice", "10.0.0.1")).isZero();
            limits.failed("alice", "10.0.0.1");
        }
        assertThat(limits.retryAfter("alice", "10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void namesAreCountedAsTheAccountsAreNamedWhateverTheCase() {
        for (int i = 0; i < 3; i++) {
            limits.failed(i % 2 == 0 ? "Alice" : " alice ", "10.0.0.1");
        }
        assertThat(limits.retryAfter("ALICE", "10.0.0.1")).isPositive();
    }

    @Test
    void aKnownPlacePassesTheAccountBudgetForThirtyDays() {
        limits.succeeded("alice", "198.51.100.7");
        for (int a = 0; a < 5; a++) {
            limits.failed("alice", "203.0.113." + a);
        }
        assertThat(limits.retryAfter("alice", "192.0.2.1")).isEqualTo(Duration.ofMinutes(1));
        assertThat(limits.retryAfter("alice", "198.51.100.7")).isZero();
        clock.advance(Duration.ofDays(SignInLimits.KNOWN_DAYS));
        for (int a = 0; a < 5; a++) {
            limits.failed("alice", "203.0.113." + a);
        }
        assertThat(limits.retryAfter("alice", "198.51.100.7")).as("forgotten after 30 days").isPositive();
    }

    @Test
    void anAddressSprayingManyNamesRunsOutOfItsOwnBudget() {
        for (int i = 0; i < 10; i++) {
            limits.failed("user" + i, "203.0.113.9");
        }
        assertThat(limits.retryAfter("someone", "203.0.113.9")).isEqualTo(Duration.ofMinutes(1));
        assertThat(limits.retryAfter("someone", "203.0.113.10")).isZero();
    }
}
