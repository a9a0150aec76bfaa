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
 * camera should run (operator). The camera's system software picks it up at its next check.
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
            if (!serial.matches("[A-Za-z0-9-]{1,64}") || !version.matches("[0-9]+\\.[0-9]+\\.[0-9]+")) {
                throw new IllegalArgumentException("SERIAL must be letters, digits and dashes and --version like 1.2.0");
            }
            String body = "{\"version\":\"" + version + "\"}";
            spec.commandLine().getOut().println(operator.send(
                    operator.request("/api/operator/cameras/" + serial + "/firmware")
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(body))).body());
            return 0;
        });
    }
}
