package camcloud.cli.camera;

import camcloud.cli.CommandOutput;
import camcloud.cli.KeyValueLines;
import camcloud.cli.OperatorTokenArgument;
import camcloud.device.identity.CameraConfig;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camcloud camera provision}: what the factory line does for one camera. Prints the new
 * camera's serial, MAC, model and claim code (the label's), as text or with {@code --json} as
 * {@code {"serial", "mac", "model", "claimCode"}} for a factory script.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = "Give a camera its identity, register it with the cloud and print its claim code.")
public final class ProvisionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--flash", paramLabel = "FILE", required = true,
            description = "The camera's flash file (created if missing)")
    Path flash;

    @Option(names = "--model", paramLabel = "MODEL", required = true,
            description = "Camera model id (see 'camcloud firmware models')")
    String model;

    @Option(names = "--cloud", paramLabel = "HOST:PORT[,HOST:PORT...]", required = true,
            description = "The camera gateway(s) the camera will dial, tried in turn (provisioning uses the first)")
    String cloud;

    @Option(names = "--token", paramLabel = "TOKEN", required = true,
            description = "Operator token, or @FILE to read it from a file (e.g. @data/operator-token)")
    String token;

    @Mixin
    CommandOutput output;

    @Override
    public Integer call() throws Exception {
        CameraModel cameraModel = CameraModels.builtIn().require(model);
        CameraConfig cloudConfig = CameraConfig.parseCloud(cloud, Map.of());
        String operatorToken = OperatorTokenArgument.resolve(token);
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
}
