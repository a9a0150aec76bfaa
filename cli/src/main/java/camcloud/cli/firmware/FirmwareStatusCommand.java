package camcloud.cli.firmware;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud firmware status SERIAL --cloud URL --token @FILE}: a camera's target version and
 * the last update step it reported (operator), as JSON.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show a camera's target firmware version and the last update step it reported.")
public final class FirmwareStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SERIAL", description = "The camera's serial")
    String serial;

    @Mixin
    OperatorApi operator;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            spec.commandLine().getOut().println(operator.send(
                    operator.request(OperatorApi.cameraFirmwarePath(serial)).GET()).body());
            return 0;
        });
    }
}
