package camcloud.cli.firmware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.firmware.bundle.FirmwareVersion;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Going back never offers a lower version (anti-rollback), and the waves' short forms. */
class RolloutRollbackVersionTest {

    private static FirmwareVersion v(String text) {
        return FirmwareVersion.parse(text);
    }

    @Test
    void goingBackPublishesThePreviousReleaseAsTheBadVersionsNextPatch() {
        assertThat(RolloutRollbackCommand.newVersion(v("1.2.0"), v("1.1.0"), null).text()).isEqualTo("1.2.1");
        assertThat(RolloutRollbackCommand.newVersion(v("1.2.0"), v("1.1.0"), "1.3.0").text()).isEqualTo("1.3.0");
    }

    @Test
    void aVersionNotAboveTheBadOneIsRefusedBecauseCamerasOnItWouldRefuseIt() {
        assertThatThrownBy(() -> RolloutRollbackCommand.newVersion(v("1.2.0"), v("1.1.0"), "1.1.0"))
                .hasMessage("--as-version 1.1.0 is not higher than the rollout's version 1.2.0: cameras that "
                        + "installed it would refuse it (anti-rollback)");
        assertThatThrownBy(() -> RolloutRollbackCommand.newVersion(v("1.2.0"), v("1.1.0"), "1.2.0-fix"))
                .hasMessageContaining("not higher");
        assertThatThrownBy(() -> RolloutRollbackCommand.newVersion(v("1.2.0"), v("1.2.0"), null))
                .hasMessage("--from-version 1.2.0 is not older than the rollout's version 1.2.0: there is nothing "
                        + "to go back to");
        assertThatThrownBy(() -> RolloutRollbackCommand.newVersion(v("1.2.999"), v("1.1.0"), null))
                .hasMessageContaining("give --as-version");
    }

    @Test
    void wavesAreATagOrACumulativeShare() {
        assertThat(RolloutCreateCommand.wave("tag:qa")).isEqualTo(Map.of("tag", "qa"));
        assertThat(RolloutCreateCommand.wave("10%")).isEqualTo(Map.of("percent", 10));
        assertThatThrownBy(() -> RolloutCreateCommand.wave("ten")).hasMessage("--wave 'ten' must be tag:NAME or a "
                + "share such as 10%");
    }
}
