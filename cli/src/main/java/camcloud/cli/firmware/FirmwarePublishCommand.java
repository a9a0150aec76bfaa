package camcloud.cli.firmware;

import camcloud.cli.OperatorTokenArgument;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Option(names = "--cloud", required = true, paramLabel = "URL", description = "The cloud's HTTP API, e.g. http://localhost:8080")
    String cloud;

    @Option(names = "--token", required = true, paramLabel = "TOKEN",
            description = "Operator token, or @FILE to read it from a file (e.g. @data/operator-token)")
    String token;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            if (!Files.isRegularFile(bundle)) {
                throw new IllegalArgumentException(bundle + ": no such file");
            }
            HttpResponse<String> response = OperatorCall.send(cloud, token, HttpRequest.newBuilder()
                    .uri(OperatorCall.uri(cloud, "/api/operator/firmware"))
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(bundle)));
            spec.commandLine().getOut().println(response.body());
            return 0;
        });
    }

    /** The shared part of operator commands: token from text or @FILE, one request, refusal as an error. */
    static final class OperatorCall {
        private OperatorCall() {
        }

        static URI uri(String cloud, String path) {
            String base = cloud.endsWith("/") ? cloud.substring(0, cloud.length() - 1) : cloud;
            if (!base.startsWith("http://") && !base.startsWith("https://")) {
                throw new IllegalArgumentException("--cloud must be an http(s) URL, was '" + cloud + "'");
            }
            return URI.create(base + path);
        }

        static HttpResponse<String> send(String cloud, String token, HttpRequest.Builder request) throws IOException {
            String operatorToken = OperatorTokenArgument.resolve(token);
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        request.header("Authorization", "Bearer " + operatorToken).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 != 2) {
                    throw new IOException("the cloud answered " + response.statusCode() + ": " + response.body());
                }
                return response;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
