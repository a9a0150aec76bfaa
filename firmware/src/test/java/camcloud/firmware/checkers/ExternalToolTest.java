package camcloud.firmware.checkers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExternalToolTest {

    @Test
    void aMissingCheckerSkipsLocallyAndFailsOnCi() {
        boolean ci = "true".equals(System.getenv("CI"));
        assertThatThrownBy(() -> ExternalTool.require("camcloud-no-such-checker", "no-such-package"))
                .isInstanceOf(ci ? AssertionFailedError.class : TestAbortedException.class)
                .hasMessageContaining("camcloud-no-such-checker not found on PATH (Debian package no-such-package)");
    }

    @Test
    void aPresentCheckerRuns() {
        ExternalTool sh = ExternalTool.require("sh", "dash");
        ExternalTool.Result r = sh.run("-c", "echo hello; exit 3");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output()).isEqualTo("hello\n");
    }
}
