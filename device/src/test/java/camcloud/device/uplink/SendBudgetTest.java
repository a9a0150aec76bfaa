package camcloud.device.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendBudgetTest {

    @Test
    void aSecondOfBurstThenTheRate() {
        SendBudget budget = new SendBudget(10, 0);
        int taken = 0;
        while (budget.tryTake(0)) {
            taken++;
        }
        assertThat(taken).isEqualTo(10);
        assertThat(budget.tryTake(50_000_000)).as("half a frame's time later").isFalse();
        assertThat(budget.tryTake(100_000_000)).as("a frame's time later").isTrue();
        assertThat(budget.tryTake(100_000_000)).isFalse();
    }

    @Test
    void anIdleUplinkSavesAtMostOneSecond() {
        SendBudget budget = new SendBudget(10, 0);
        long later = 60_000_000_000L;
        int taken = 0;
        while (budget.tryTake(later)) {
            taken++;
        }
        assertThat(taken).isEqualTo(10);
    }
}
