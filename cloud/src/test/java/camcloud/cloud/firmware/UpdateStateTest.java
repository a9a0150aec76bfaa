package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The update state the cloud derives from a target, the running version and the last report. */
class UpdateStateTest {

    private static final Optional<CameraTarget> TARGET = Optional.of(new CameraTarget("1.2.0", 1_000));

    @Test
    void withoutATargetThereIsNothingToInstall() {
        assertThat(UpdateState.of(Optional.empty(), "1.0.0", Optional.empty())).isEqualTo(UpdateState.NONE);
        assertThat(UpdateState.NONE.text()).isEqualTo("none");
    }

    @Test
    void runningTheTargetIsInstalledWhateverWasReportedLast() {
        assertThat(UpdateState.of(TARGET, "1.2.0", report("1.2.0", "UPDATE_STEP_REBOOTING", 2_000)))
                .isEqualTo(UpdateState.INSTALLED);
        assertThat(UpdateState.of(TARGET, "1.2.0", report("1.2.0", "UPDATE_STEP_FAILED", 2_000)))
                .isEqualTo(UpdateState.INSTALLED);
    }

    @Test
    void reportsOfAnotherVersionOrFromBeforeTheTargetWasSetLeaveItPending() {
        assertThat(UpdateState.of(TARGET, "1.0.0", Optional.empty())).isEqualTo(UpdateState.PENDING);
        assertThat(UpdateState.of(TARGET, null, report("1.1.0", "UPDATE_STEP_WRITING_APP", 2_000)))
                .isEqualTo(UpdateState.PENDING);
        assertThat(UpdateState.of(TARGET, "1.0.0", report("1.2.0", "UPDATE_STEP_FAILED", 999)))
                .isEqualTo(UpdateState.PENDING);
    }

    @Test
    void aRefusalOrAFailedWriteIsFailedAndAnyOtherStepIsInProgress() {
        assertThat(UpdateState.of(TARGET, "1.0.0", report("1.2.0", "UPDATE_STEP_REFUSED", 1_000)))
                .isEqualTo(UpdateState.FAILED);
        assertThat(UpdateState.of(TARGET, "1.0.0", report("1.2.0", "UPDATE_STEP_FAILED", 1_500)))
                .isEqualTo(UpdateState.FAILED);
        assertThat(UpdateState.of(TARGET, "1.0.0", report("1.2.0", "UPDATE_STEP_REBOOTING", 1_500)))
                .isEqualTo(UpdateState.IN_PROGRESS);
        assertThat(UpdateState.IN_PROGRESS.text()).isEqualTo("in-progress");
    }

    private static Optional<CameraUpdateProgress> report(String version, String step, long at) {
        return Optional.of(new CameraUpdateProgress("CC-1", version, step, 0, 0, "", at));
    }
}
