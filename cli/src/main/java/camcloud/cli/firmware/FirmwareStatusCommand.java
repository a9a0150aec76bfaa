package camcloud.cli.firmware;

import camcloud.cli.CommandOutput;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud firmware status SERIAL --cloud URL --token @FILE [--json]}: the version a camera
 * runs, whether it is online, its target, where the update stands ({@code pending}, {@code
 * in-progress}, {@code failed}, {@code installed} once it runs the target) and the last step it
 * reported (operator).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the version a camera runs, its target firmware version, where the update stands "
                + "(pending, in-progress, failed, installed) and the last step it reported.")
public final class FirmwareStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SERIAL", description = "The camera's serial")
    String serial;

    @Mixin
    OperatorApi operator;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            HttpResponse<String> response = operator.send(
                    operator.request(OperatorApi.cameraFirmwarePath(serial)).GET());
            output.print(spec.commandLine().getOut(), response.body(),
                    () -> FirmwareStatusLines.of(OperatorApi.json(response), Instant.now()));
            return 0;
        });
    }
}
