package camcloud.cli.firmware;

import camcloud.cli.CommandOutput;
import camcloud.cli.KeyValueLines;
import camcloud.firmware.bundle.FirmwareVersion;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud firmware publish BUNDLE --cloud URL --token @FILE [--json]}: uploads a bundle to
 * the cloud's update service, the one step a CI pipeline runs after {@code firmware build}. The
 * cloud verifies it against its trusted keys and answers what it stored:
 *
 * <pre>
 * published:     xiaomi-yi-ants 1.2.0
 * size:          7,602,176 bytes
 * sha256:        9c1f…
 * signed by:     key 3f2a9c0d1e4b5a67
 * installs over: any version
 * </pre>
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

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            if (!Files.isRegularFile(bundle)) {
                throw new IllegalArgumentException(bundle + ": no such file");
            }
            HttpResponse<String> response = operator.send(operator.request("/api/operator/firmware")
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(bundle)));
            output.print(spec.commandLine().getOut(), response.body(), () -> lines(OperatorApi.json(response)));
            return 0;
        });
    }

    private static KeyValueLines lines(JsonNode b) {
        long min = b.path("minVersionNumber").asLong();
        return new KeyValueLines()
                .add("published", b.path("model").asText() + " " + b.path("version").asText())
                .add("size", String.format(Locale.ROOT, "%,d bytes", b.path("size").asLong()))
                .add("sha256", b.path("sha256").asText())
                .add("signed by", "key " + b.path("keyId").asText())
                .add("installs over", min == 0 ? "any version" : FirmwareVersion.ofNumber(min).text() + " or later");
    }
}
