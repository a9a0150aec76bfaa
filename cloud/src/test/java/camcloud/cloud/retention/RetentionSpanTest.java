package camcloud.cloud.retention;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.ownership.Ownership;
import camcloud.cloud.recording.RecordingPolicies;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each stretch of a camera's timeline is kept by the rules of the ownership it was recorded under. */
class RetentionSpanTest {

    private static final RetentionSettings NODE = new RetentionSettings(30, 0, 0, 0, 60);
    private static final RecordingPolicies.Policy CURRENT_SEVEN_DAYS =
            new RecordingPolicies.Policy(true, Optional.of(7), Optional.empty());

    @Test
    void aNeverOwnedCameraIsOneSpanAtTheNodesDefault() {
        assertThat(RetentionSpan.of(List.of(), RecordingPolicies.Policy.DEFAULT, NODE))
                .containsExactly(new RetentionSpan(Long.MIN_VALUE, Long.MAX_VALUE, 30, 90));
    }

    @Test
    void formerOwnersKeepTheirRetentionDeletedRecordingsGoAndTheCurrentOwnersSettingsRuleTheirOwn() {
        List<Ownership> history = List.of(
                new Ownership(1, "CAM", 10, 100, 200L, true, 90, null),      // kept, 90 days at release
                new Ownership(2, "CAM", 11, 300, 400L, false, null, null),   // deleted at release
                new Ownership(3, "CAM", 12, 500, 600L, true, null, null),    // kept, node default then
                new Ownership(4, "CAM", 13, 700, null, true, null, null));   // owns it now
        assertThat(RetentionSpan.of(history, CURRENT_SEVEN_DAYS, NODE)).containsExactly(
                new RetentionSpan(Long.MIN_VALUE, 100, 30, 90),
                new RetentionSpan(100, 200, 90, 90),
                new RetentionSpan(200, 300, 30, 90),
                new RetentionSpan(300, 400, RetentionSpan.ERASE, RetentionSpan.ERASE),
                new RetentionSpan(400, 500, 30, 90),
                new RetentionSpan(500, 600, 30, 90),
                new RetentionSpan(600, 700, 30, 90),
                new RetentionSpan(700, Long.MAX_VALUE, 7, 90));
    }

    @Test
    void aReleasedCameraNobodyOwnsAgainAgesOutAtTheNodesDefaultAfterTheRelease() {
        List<Ownership> history = List.of(new Ownership(1, "CAM", 10, 100, 200L, true, null, null));
        assertThat(RetentionSpan.of(history, RecordingPolicies.Policy.DEFAULT, NODE)).last()
                .isEqualTo(new RetentionSpan(200, Long.MAX_VALUE, 30, 90));
        assertThat(new RetentionSpan(0, 1, RetentionSpan.ERASE).cutoffMicros(0)).isEqualTo(Long.MAX_VALUE);
        assertThat(new RetentionSpan(0, 1, 1).cutoffMicros(86_400_000_000L)).isZero();
    }

    @Test
    void eventClipsAgeByTheirOwnRuleTheOwnersOverrideOrTheNodesLongerDefault() {
        RecordingPolicies.Policy clipsForAYear = new RecordingPolicies.Policy(true, Optional.of(7), Optional.empty(),
                Optional.of(365));
        List<Ownership> history = List.of(new Ownership(1, "CAM", 10, 100, null, true, null, null));
        assertThat(RetentionSpan.of(history, clipsForAYear, NODE)).last()
                .isEqualTo(new RetentionSpan(100, Long.MAX_VALUE, 7, 365));
        assertThat(NODE.eventDays()).as("default: longer than continuous video").isEqualTo(90);
        RetentionSpan span = new RetentionSpan(0, 1, 30, 90);
        long now = 100 * 86_400_000_000L;
        assertThat(span.eventCutoffMicros(now)).isEqualTo(10 * 86_400_000_000L);
        assertThat(span.gapCutoffMicros(now)).as("gaps stay while clips around them may").isEqualTo(10 * 86_400_000_000L);
        assertThat(new RetentionSpan(0, 1, 30, 0).eventsLimited()).isFalse();
    }
}
