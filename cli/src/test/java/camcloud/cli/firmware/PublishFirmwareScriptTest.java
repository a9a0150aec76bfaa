package camcloud.cli.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.CloudServer;
import camcloud.cloud.config.CloudConfig;
import camcloud.device.identity.CameraConfig;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/publish-firmware}, as a CI pipeline runs it, against a real cloud node: it builds,
 * publishes and creates the rollout; run again, publishing the same bundle changes nothing and the
 * rollout that overlaps the first is refused with the cloud's reason; a different build under the
 * published version is refused. Every refusal is a non-zero exit that names the step.
 */
class PublishFirmwareScriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CameraModel MODEL = CameraModels.builtIn().find("hi3518ev200-8m").orElseThrow();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    @Test
    void releasesFromCiThenRefusesAnOverlappingRolloutAndOtherBytesUnderAPublishedVersion() throws Exception {
        try (CloudServer cloud = CloudServer.start(CloudConfig.defaults().withDataDir(dir.resolve("data"))
                .withBindHost("127.0.0.1").withPorts(0, 0, 0))) {
            String url = "http://127.0.0.1:" + cloud.httpPort();
            SigningKey key = SigningKey.generate();
            Path keyFile = key.save(Files.createDirectories(dir.resolve("keys")), "ci");
            cloud.firmware().repository().trust(key.trustedKey());
            List<String> serials = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                serials.add(FactoryProvisioner.provision(dir.resolve("cam" + i + ".flash"), MODEL,
                        new CameraConfig("127.0.0.1", cloud.gatewayPort(), Map.of()), cloud.operatorToken()).serial());
            }
            List<String> args = List.of("--version", "1.2.0", "--key", keyFile.toString(), "--cloud", url,
                    "--token", "@" + cloud.operatorTokenFile(), "--models", MODEL.id(), "--draft");

            Run first = script(args);
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.err()).contains("released 1.2.0: built and published 1 model(s), 1 rollout(s) created");
            assertThat(first.out()).contains("published:     " + MODEL.id() + " 1.2.0", "state:   draft");
            JsonNode rollouts = get(url, cloud.operatorToken(), "/api/operator/rollouts").path("rollouts");
            assertThat(rollouts).hasSize(1);
            assertThat(rollouts.get(0).path("version").asText()).isEqualTo("1.2.0");
            assertThat(rollouts.get(0).path("state").asText()).isEqualTo("draft");
            String publishedAt = bundle(url, cloud.operatorToken()).path("publishedAt").asText();

            Run again = script(args);
            assertThat(again.exit()).isEqualTo(1);
            assertThat(again.out()).contains("published:     " + MODEL.id() + " 1.2.0");
            assertThat(again.err()).contains("error: the cloud refused (409): ")
                    .contains("publish-firmware: FAILED: rollout " + MODEL.id() + " 1.2.0 (exit 1)")
                    .contains("done before it: build " + MODEL.id() + "; publish " + MODEL.id() + " 1.2.0;");
            assertThat(bundle(url, cloud.operatorToken()).path("publishedAt").asText())
                    .as("the same bytes published again change nothing").isEqualTo(publishedAt);
            assertThat(get(url, cloud.operatorToken(), "/api/operator/rollouts").path("rollouts")).hasSize(1);

            List<String> bad = new ArrayList<>(args);
            bad.addAll(List.of("--stand-in-fault", "no-video"));
            Run otherBytes = script(bad);
            assertThat(otherBytes.exit()).isEqualTo(1);
            assertThat(otherBytes.err()).contains("version 1.2.0 is already published with other bytes; "
                            + "publish a new version")
                    .contains("publish-firmware: FAILED: publish " + MODEL.id() + " 1.2.0 (exit 1)");

            Run missingKey = script(List.of("--version", "1.3.0", "--key", dir.resolve("nope.key").toString(),
                    "--cloud", url, "--token", "x"));
            assertThat(missingKey.exit()).isEqualTo(1);
            assertThat(missingKey.err()).contains("--key " + dir.resolve("nope.key") + ": no such file");
        }
    }

    /** Runs the script with this JVM's classes as the camcloud command (no jar build inside a test). */
    private Run script(List<String> args) throws IOException, InterruptedException {
        Path argFile = dir.resolve("java.args");
        Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("bash", Path.of("..", "scripts", "publish-firmware").toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("CAMCLOUD", java + " @" + argFile + " camcloud.cli.Main");
        pb.environment().put("TMPDIR", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("publish-firmware did not finish");
        }
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    private static JsonNode bundle(String url, String token) throws Exception {
        JsonNode list = get(url, token, "/api/operator/firmware?model=" + MODEL.id());
        for (JsonNode b : list) {
            if (b.path("version").asText().equals("1.2.0")) {
                return b;
            }
        }
        throw new AssertionError("1.2.0 not published: " + list);
    }

    private static JsonNode get(String url, String token, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString(
                StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
