package camcloud.cli.fleet;

import camcloud.cli.OperatorTokenArgument;
import camcloud.cli.camera.VideoOptions;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.identity.CameraConfig;
import camcloud.firmware.model.CameraModels;
import camcloud.fleet.Fleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code camcloud fleet}: many virtual cameras in one process. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Provision (if missing) and power on many virtual cameras in one process.")
public final class FleetCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Directory of the cameras' flash files")
    Path dir;

    @Option(names = "--count", paramLabel = "N", defaultValue = "10", description = "Cameras. Default: ${DEFAULT-VALUE}")
    int count;

    @Option(names = "--cloud", paramLabel = "HOST:PORT", description = "Gateway, to provision missing cameras")
    String cloud;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Operator token or @FILE, to provision missing cameras")
    String token;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Event-loop threads. Default: ${DEFAULT-VALUE}")
    int threads;

    @Mixin
    VideoOptions video;

    @Override
    public Integer call() throws Exception {
        if (cloud != null && token != null) {
            String operatorToken = OperatorTokenArgument.resolve(token);
            for (Fleet.NewCamera c : Fleet.provisionMissing(dir, count, CameraModels.builtIn().all(),
                    CameraConfig.parseCloud(cloud, Map.of()), operatorToken)) {
                System.out.println("provisioned " + c.camera().serial() + " (" + c.camera().model() + ") claim code "
                        + c.camera().claimCode());
            }
        }
        try (Fleet fleet = Fleet.powerOn(dir, video.applyTo(AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)),
                threads, video.source())) {
            System.out.println(fleet.cameras().size() + " cameras powered on; stop with Ctrl-C");
            while (true) {
                Thread.sleep(10_000);
                System.out.println(fleet.online() + "/" + fleet.cameras().size() + " online");
            }
        }
    }
}
