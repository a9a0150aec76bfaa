package camcloud.cli.camera;

import camcloud.cli.CommandOutput;
import camcloud.cli.KeyValueLines;
import camcloud.cli.OperatorTokenArgument;
import camcloud.device.identity.CameraConfig;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.fleet.Fleet;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud camera provision}: what the factory line does.
 *
 * <ul>
 *   <li>One camera ({@code --flash FILE --model MODEL}), registered over the gateway: prints its
 *       serial, MAC, model and claim code (the label's), as text or with {@code --json} as
 *       {@code {"serial", "mac", "model", "claimCode"}} for a factory script.</li>
 *   <li>Many ({@code --count N --dir DIR --api URL}): makes sure {@code DIR} holds N cameras
 *       ({@code camera-00001.flash}…, as {@code camcloud fleet} reads them), registering the missing
 *       ones through the operator API in batches of a thousand. Prints one line per new camera,
 *       {@code serial model claim-code}, or with {@code --json} an array of
 *       {@code {"serial", "mac", "model", "claimCode", "flash"}}.</li>
 * </ul>
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = {"Give cameras their identity, register them with the cloud and print their claim codes.",
                "One camera: --flash FILE --model MODEL (over the gateway).",
                "Many: --count N --dir DIR --api URL (through the operator API, a thousand per request)."})
public final class ProvisionCommand implements Callable<Integer> {

    /** More than the fleet and benches use; a bound so a typo does not fill the disk. */
    static final int MAX_COUNT = 1_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--flash", paramLabel = "FILE", description = "One camera: its flash file (created if missing)")
    Path flash;

    @Option(names = "--model", paramLabel = "MODEL[,MODEL...]", split = ",",
            description = "Camera model id (see 'camcloud firmware models'); with --count, models taken in turn "
                    + "(default: every built-in model)")
    List<String> models;

    @Option(names = "--count", paramLabel = "N", description = "Many cameras: how many DIR must hold")
    Integer count;

    @Option(names = "--dir", paramLabel = "DIR", description = "Many cameras: the directory of their flash files")
    Path dir;

    @Option(names = "--api", paramLabel = "URL", description = "Many cameras: the cloud's HTTP API, e.g. http://localhost:8080")
    URI api;

    @Option(names = "--cloud", paramLabel = "HOST:PORT[,HOST:PORT...]", required = true,
            description = "The camera gateway(s) the cameras will dial, tried in turn (one-camera provisioning uses the first)")
    String cloud;

    @Option(names = "--token", paramLabel = "TOKEN", required = true,
            description = "Operator token, or @FILE to read it from a file (e.g. @data/operator-token)")
    String token;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() throws Exception {
        CameraConfig cloudConfig = CameraConfig.parseCloud(cloud, Map.of());
        String operatorToken = OperatorTokenArgument.resolve(token);
        if (count != null || dir != null || api != null) {
            return many(cloudConfig, operatorToken);
        }
        if (flash == null || models == null || models.size() != 1) {
            throw new ParameterException(spec.commandLine(),
                    "give --flash FILE --model MODEL for one camera, or --count N --dir DIR --api URL for many");
        }
        return one(CameraModels.builtIn().require(models.get(0)), cloudConfig, operatorToken);
    }

    private int one(CameraModel cameraModel, CameraConfig cloudConfig, String operatorToken) throws Exception {
        FactoryProvisioner.Provisioned camera = FactoryProvisioner.provision(flash, cameraModel, cloudConfig,
                operatorToken);
        Map<String, String> result = new LinkedHashMap<>();
        result.put("serial", camera.serial());
        result.put("mac", camera.mac());
        result.put("model", camera.model());
        result.put("claimCode", camera.claimCode());
        output.print(spec.commandLine().getOut(), new ObjectMapper().writeValueAsString(result), () -> new KeyValueLines()
                .add("serial", camera.serial())
                .add("mac", camera.mac())
                .add("model", camera.model())
                .add("claim code", camera.claimCode()));
        return 0;
    }

    private int many(CameraConfig cloudConfig, String operatorToken) throws Exception {
        if (count == null || dir == null || api == null || flash != null) {
            throw new ParameterException(spec.commandLine(),
                    "many cameras take --count N --dir DIR --api URL (and no --flash)");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new ParameterException(spec.commandLine(), "--count must be 1 to " + MAX_COUNT + ", was " + count);
        }
        List<CameraModel> cameraModels = models == null ? CameraModels.builtIn().all()
                : models.stream().map(CameraModels.builtIn()::require).toList();
        List<Fleet.NewCamera> created = Fleet.provisionMissing(dir, count, cameraModels, cloudConfig, api,
                operatorToken);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            List<Map<String, String>> cameras = new ArrayList<>(created.size());
            for (Fleet.NewCamera c : created) {
                Map<String, String> camera = new LinkedHashMap<>();
                camera.put("serial", c.camera().serial());
                camera.put("mac", c.camera().mac());
                camera.put("model", c.camera().model());
                camera.put("claimCode", c.camera().claimCode());
                camera.put("flash", c.flash().toString());
                cameras.add(camera);
            }
            out.println(new ObjectMapper().writeValueAsString(cameras));
        } else {
            for (Fleet.NewCamera c : created) {
                out.println(c.camera().serial() + " " + c.camera().model() + " " + c.camera().claimCode());
            }
        }
        out.flush();
        return 0;
    }
}
