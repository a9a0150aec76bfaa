package camcloud.cli.firmware;

import java.net.http.HttpRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud firmware target SERIAL --version V --cloud URL --token @FILE}: sets the version a
 * camera should run (operator). An online camera gets the signed offer at once, others right after
 * they next connect; {@code firmware status SERIAL} shows how far the update got.
 */
@Command(name = "target", mixinStandardHelpOptions = true,
        description = "Set the firmware version a camera should run.")
public final class FirmwareTargetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SERIAL", description = "The camera's serial")
    String serial;

    @Option(names = "--version", required = true, description = "A published version for the camera's model")
    String version;

    @Mixin
    OperatorApi operator;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            if (!version.matches("[0-9]+\\.[0-9]+\\.[0-9]+")) {
                throw new IllegalArgumentException("--version must look like 1.2.0");
            }
            String body = "{\"version\":\"" + version + "\"}";
            spec.commandLine().getOut().println(operator.send(
                    operator.request(OperatorApi.cameraFirmwarePath(serial))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(body))).body());
            return 0;
        });
    }
}
