package camcloud.cli.firmware;

import camcloud.cli.CommandOutput;
import camcloud.firmware.bundle.FirmwareVersion;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud firmware rollout create --model M --version V [--from-version V]… [--tag T]…
 * [--wave tag:qa --wave 1% …] [thresholds] [--start]}: creates a rollout of a published version. A
 * setting not given is left to the cloud's default (waves {@code tag:qa 1% 10% 50% 100%}). Any refusal
 * (version not published, unknown model, a camera already in an active rollout, a bad threshold, an
 * empty selection) exits 1 with the cloud's reason, and nothing is offered to any camera.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Create a rollout of a published version to a model's cameras, in waves.",
                "Default waves: tag:qa, then 1%, 10%, 50%, 100% of the other cameras (cumulative)."})
public final class RolloutCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "ID", description = "Camera model")
    String model;

    @Option(names = "--version", required = true, paramLabel = "V", description = "A published version of the model")
    String version;

    @Option(names = "--from-version", paramLabel = "V", split = ",",
            description = "Only cameras running one of these versions (repeat or comma-separate)")
    List<String> fromVersions;

    @Option(names = "--tag", paramLabel = "TAG", split = ",",
            description = "Only cameras carrying every one of these tags (repeat or comma-separate)")
    List<String> tags;

    @Option(names = "--camera", paramLabel = "SERIAL", split = ",",
            description = "Only these cameras (repeat or comma-separate)")
    List<String> cameras;

    @Option(names = "--wave", paramLabel = "WAVE", split = ",",
            description = "A wave, in order: tag:NAME (the cameras with that tag) or N% (cumulative share of the rest)")
    List<String> waves;

    @Option(names = "--success-threshold", paramLabel = "PERCENT",
            description = "Share of a wave's cameras that must be healthy before the next wave starts")
    Integer successThreshold;

    @Option(names = "--error-threshold", paramLabel = "PERCENT",
            description = "Share of a wave's finished cameras failing that pauses the rollout")
    Integer errorThreshold;

    @Option(names = "--min-finished", paramLabel = "N",
            description = "Finished cameras in a wave before the error threshold is judged")
    Integer minFinished;

    @Option(names = "--camera-timeout", paramLabel = "SECONDS",
            description = "How long a camera has from its offer until it is healthy")
    Integer cameraTimeout;

    @Option(names = "--settle", paramLabel = "SECONDS",
            description = "How long a camera must stream and record on the new version to be healthy")
    Integer settle;

    @Option(names = "--max-downloads", paramLabel = "N", description = "Cameras downloading at once, at most")
    Integer maxDownloads;

    @Option(names = "--start", description = "Start at once (default: created as a draft, started with 'rollout start')")
    boolean start;

    @Mixin
    OperatorApi operator;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, () -> {
            HttpResponse<String> response = operator.post("/api/operator/rollouts", body());
            output.print(spec.commandLine().getOut(), response.body(), () -> RolloutLines.of(OperatorApi.json(response)));
            return 0;
        });
    }

    /** The request body; says what is wrong with a version or a wave before asking the cloud. */
    Map<String, Object> body() {
        FirmwareVersion.parse(version);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("version", version);
        if (fromVersions != null) {
            fromVersions.forEach(FirmwareVersion::parse);
            body.put("fromVersions", fromVersions);
        }
        if (tags != null) {
            body.put("tags", tags);
        }
        if (cameras != null) {
            cameras.forEach(OperatorApi::checkSerial);
            body.put("cameras", cameras);
        }
        if (waves != null) {
            List<Map<String, Object>> list = new ArrayList<>();
            waves.forEach(w -> list.add(wave(w)));
            body.put("waves", list);
        }
        putIfGiven(body, "successThreshold", successThreshold);
        putIfGiven(body, "errorThreshold", errorThreshold);
        putIfGiven(body, "minFinished", minFinished);
        putIfGiven(body, "cameraTimeoutSeconds", cameraTimeout);
        putIfGiven(body, "settleSeconds", settle);
        putIfGiven(body, "maxConcurrentDownloads", maxDownloads);
        body.put("start", start);
        return body;
    }

    /** {@code tag:qa} → {@code {"tag":"qa"}}; {@code 10%} → {@code {"percent":10}}. */
    static Map<String, Object> wave(String text) {
        if (text.startsWith("tag:") && text.length() > 4) {
            return Map.of("tag", text.substring(4));
        }
        if (text.matches("[0-9]{1,3}%")) {
            return Map.of("percent", Integer.parseInt(text.substring(0, text.length() - 1)));
        }
        throw new IllegalArgumentException("--wave '" + text + "' must be tag:NAME or a share such as 10%");
    }

    private static void putIfGiven(Map<String, Object> body, String key, Integer value) {
        if (value != null) {
            body.put(key, value);
        }
    }
}
