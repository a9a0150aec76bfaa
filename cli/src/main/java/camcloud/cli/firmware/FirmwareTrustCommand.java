package camcloud.cli.firmware;

import camcloud.cli.CommandOutput;
import camcloud.cli.KeyValueLines;
import camcloud.firmware.bundle.TrustedKey;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud firmware trust KEY.pub --cloud URL --token @FILE [--json]}: makes the cloud trust a
 * publishing key (operator), so it accepts bundles signed with it and pins it into cameras
 * provisioned from then on. Run it before provisioning cameras: a camera only ever installs bundles
 * of the keys it was given at the factory.
 */
@Command(name = "trust", mixinStandardHelpOptions = true,
        description = "Make the cloud trust a publishing key (.pub of firmware keygen).")
public final class FirmwareTrustCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KEY.pub", description = "The public key file written by firmware keygen")
    Path key;

    @Mixin
    OperatorApi operator;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            // Checked here first, so a private key or a stray file never leaves this machine.
            TrustedKey.load(key);
            String text = Files.readString(key, StandardCharsets.UTF_8);
            HttpResponse<String> response = operator.send(operator.request("/api/operator/firmware/keys")
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8)));
            output.print(spec.commandLine().getOut(), response.body(), () -> new KeyValueLines()
                    .add("trusted key", OperatorApi.json(response).path("keyId").asText())
                    .add("pinned by", "cameras provisioned from now on (cameras provisioned before refuse the "
                            + "bundles it signs)"));
            return 0;
        });
    }
}
