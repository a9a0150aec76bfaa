package camcloud.cli.firmware;

import camcloud.cli.CommandOutput;
import camcloud.cli.KeyValueLines;
import camcloud.firmware.bundle.FirmwareVersion;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud firmware target SERIAL --version V --cloud URL --token @FILE [--json]}: sets the
 * version a camera should run (operator). The cloud refuses, with the reason, a version the camera
 * would refuse (not published for its model, signed by a key it did not pin at provisioning, a
 * downgrade); an online camera gets the signed offer at once, others right after they next connect.
 * Prints the camera's status as {@code firmware status} does, then any warning.
 */
@Command(name = "target", mixinStandardHelpOptions = true,
        description = "Set the firmware version a camera should run (refused, with the reason, when the camera "
                + "would refuse it).")
public final class FirmwareTargetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SERIAL", description = "The camera's serial")
    String serial;

    @Option(names = "--version", required = true, description = "A published version for the camera's model")
    String version;

    @Mixin
    OperatorApi operator;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            FirmwareVersion.parse(version); // says what a version looks like before asking the cloud
            HttpResponse<String> response = operator.send(operator.request(OperatorApi.cameraFirmwarePath(serial))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(OperatorApi.jsonBody(Map.of("version", version)))));
            output.print(spec.commandLine().getOut(), response.body(), () -> {
                JsonNode status = OperatorApi.json(response);
                KeyValueLines lines = FirmwareStatusLines.of(status, Instant.now());
                status.path("warnings").forEach(w -> lines.note("warning: " + w.asText()));
                return lines;
            });
            return 0;
        });
    }
}
