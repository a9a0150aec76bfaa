package camcloud.cli.firmware;

import camcloud.cli.CommandOutput;
import camcloud.cli.KeyValueLines;
import camcloud.firmware.build.BuildInputs;
import camcloud.firmware.build.BuildOutput;
import camcloud.firmware.build.BuildRequest;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.model.CameraModel;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud firmware rollout rollback ID --cameras failed|updated --from-version 1.1.0 --key FILE}:
 * the one command for going back. Cameras refuse a lower version (anti-rollback), so the previous
 * release is never offered as it was: this builds the previous release's sources again under a new
 * version higher than the bad one (its patch + 1, or {@code --as-version}), signs it with the
 * publishing key, publishes it, and asks the cloud for a rollout of it to the rollout's failed (or
 * all updated) cameras:
 *
 * <pre>
 * 1. GET  /api/operator/rollouts/ID           model, bad version
 * 2. build model at NEW from the previous release's inputs (--kernel/--app/--boot; stand-ins without)
 * 3. POST /api/operator/firmware              the signed bundle (idempotent: a re-run publishes the same bytes)
 * 4. POST /api/operator/rollouts/ID/rollback  {"version": NEW, "cameras": "failed"}
 * </pre>
 *
 * The build is reproducible (uImage time from {@code --time}, {@code $SOURCE_DATE_EPOCH}, else 0), so
 * running the command again after a failure at step 4 publishes the same bytes and goes on.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Go back: build the previous release again under a new, higher version, sign and publish it,",
                "and roll it out to the rollout's failed (or all updated) cameras. Never offers a lower version."})
public final class RolloutRollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLLOUT", description = "The bad rollout's id")
    String id;

    @Option(names = "--cameras", required = true, paramLabel = "failed|updated",
            description = "Which cameras go back: the rollout's failed ones, or every camera it updated")
    String cameras;

    @Option(names = "--from-version", required = true, paramLabel = "V",
            description = "The previous release (published for the model), whose sources are built again")
    String fromVersion;

    @Option(names = "--as-version", paramLabel = "V",
            description = "The new version to publish it as (default: the bad version's patch + 1)")
    String asVersion;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "The publishing key (.key file)")
    Path key;

    @Option(names = "--kernel", paramLabel = "FILE", description = "The previous release's kernel (default: stand-in)")
    Path kernel;

    @Option(names = "--app", paramLabel = "FILE", description = "The previous release's app image (default: stand-in)")
    Path app;

    @Option(names = "--boot", paramLabel = "FILE", description = "The previous release's U-Boot (default: stand-in)")
    Path boot;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the rebuilt flash image and bundle are written (default: a temporary directory)")
    Path out;

    @Option(names = "--time", paramLabel = "SECONDS",
            description = "uImage timestamp (default: $SOURCE_DATE_EPOCH, else 0: reproducible)")
    Long time;

    @Mixin
    ModelsOption modelsOption = new ModelsOption();

    @Mixin
    OperatorApi operator;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            if (!cameras.equals("failed") && !cameras.equals("updated")) {
                throw new IllegalArgumentException("--cameras must be 'failed' or 'updated', was '" + cameras + "'");
            }
            JsonNode rollout = OperatorApi.json(operator.get(RolloutCommand.path(id)));
            CameraModel model = modelsOption.models().require(rollout.path("model").asText());
            FirmwareVersion bad = FirmwareVersion.parse(rollout.path("version").asText());
            FirmwareVersion previous = FirmwareVersion.parse(fromVersion);
            FirmwareVersion back = newVersion(bad, previous, asVersion);
            requirePublished(model.id(), previous);

            Path dir = out != null ? out : Files.createTempDirectory("camcloud-rollback-");
            try {
                BuildRequest request = new BuildRequest(back, 0, time != null ? time : FirmwareBuildCommand.defaultTime(),
                        new BuildInputs(kernel, app, boot));
                List<BuildOutput.Result> built = BuildOutput.write(List.of(model), request, SigningKey.load(key), dir);
                operator.send(operator.request("/api/operator/firmware")
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofFile(built.get(0).bundle())));
            } finally {
                if (out == null) {
                    deleteTree(dir);
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("version", back.text());
            body.put("cameras", cameras);
            HttpResponse<String> response = operator.post(RolloutCommand.path(id) + "/rollback", body);
            output.print(spec.commandLine().getOut(), response.body(), () -> {
                KeyValueLines lines = RolloutLines.of(OperatorApi.json(response));
                lines.note("going back: " + model.id() + " " + previous.text() + " rebuilt as " + back.text()
                        + " (higher than " + bad.text() + "), signed, published, rolled out to the " + cameras
                        + " cameras of rollout " + id);
                return lines;
            });
            return 0;
        });
    }

    /**
     * The version to go back with: {@code asVersion}, or the bad one's patch + 1; always higher than
     * the bad version (a camera on it refuses anything lower), and the previous release older than it.
     */
    static FirmwareVersion newVersion(FirmwareVersion bad, FirmwareVersion previous, String asVersion) {
        if (previous.number() >= bad.number()) {
            throw new IllegalArgumentException("--from-version " + previous.text() + " is not older than the rollout's "
                    + "version " + bad.text() + ": there is nothing to go back to");
        }
        FirmwareVersion back;
        if (asVersion != null) {
            back = FirmwareVersion.parse(asVersion);
        } else if (bad.number() % 1_000 == 999) {
            throw new IllegalArgumentException("the bad version " + bad.text() + " has patch 999; give --as-version");
        } else {
            back = FirmwareVersion.ofNumber(bad.number() + 1);
        }
        if (back.number() <= bad.number()) {
            throw new IllegalArgumentException("--as-version " + back.text() + " is not higher than the rollout's "
                    + "version " + bad.text() + ": cameras that installed it would refuse it (anti-rollback)");
        }
        return back;
    }

    private void requirePublished(String model, FirmwareVersion previous) throws IOException {
        JsonNode bundles = OperatorApi.json(operator.get("/api/operator/firmware?model="
                + URLEncoder.encode(model, StandardCharsets.UTF_8)));
        for (JsonNode b : bundles) {
            if (b.path("versionNumber").asLong() == previous.number()) {
                return;
            }
        }
        throw new IllegalArgumentException("--from-version " + previous.text() + " was never published for " + model
                + ": name the release the cameras ran before");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
