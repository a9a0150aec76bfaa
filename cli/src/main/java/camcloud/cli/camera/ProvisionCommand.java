package camcloud.cli.camera;

import camcloud.cli.OperatorTokenArgument;
import camcloud.device.identity.CameraConfig;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code camcloud camera provision}: what the factory line does for one camera. */
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

    @Option(names = "--cloud", paramLabel = "HOST:PORT", required = true,
            description = "The camera gateway the camera will dial")
    String cloud;

    @Option(names = "--token", paramLabel = "TOKEN", required = true,
            description = "Operator token, or @FILE to read it from a file (e.g. @data/operator-token)")
    String token;

    @Override
    public Integer call() throws Exception {
        CameraModel cameraModel = CameraModels.builtIn().require(model);
        CameraConfig cloudConfig = CameraConfig.parseCloud(cloud, Map.of());
        String operatorToken = OperatorTokenArgument.resolve(token);
        FactoryProvisioner.Provisioned camera = FactoryProvisioner.provision(flash, cameraModel, cloudConfig,
                operatorToken);
        PrintWriter out = spec.commandLine().getOut();
        out.println("serial:     " + camera.serial());
        out.println("mac:        " + camera.mac());
        out.println("model:      " + camera.model());
        out.println("claim code: " + camera.claimCode());
        out.flush();
        return 0;
    }
}
