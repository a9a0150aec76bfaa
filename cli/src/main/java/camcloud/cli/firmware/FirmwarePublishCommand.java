package camcloud.cli.firmware;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud firmware publish BUNDLE --cloud URL --token @FILE}: uploads a bundle to the
 * cloud's update service, the one step a CI pipeline runs after {@code firmware build}. The cloud
 * verifies it against its trusted keys and prints what it stored.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Publish a signed bundle to the cloud's update service.")
public final class FirmwarePublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "BUNDLE", description = "The .bundle file")
    Path bundle;

    @Mixin
    OperatorApi operator;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            if (!Files.isRegularFile(bundle)) {
                throw new IllegalArgumentException(bundle + ": no such file");
            }
            HttpResponse<String> response = operator.send(operator.request("/api/operator/firmware")
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(bundle)));
            spec.commandLine().getOut().println(response.body());
            return 0;
        });
    }
}
