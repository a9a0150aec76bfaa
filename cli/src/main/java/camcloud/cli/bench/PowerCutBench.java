package camcloud.cli.bench;

import camcloud.cloud.CloudServer;
import camcloud.cloud.config.CloudConfig;
import camcloud.device.flash.PowerCut;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.device.system.CameraSystem;
import camcloud.device.system.PowerCutProof;
import camcloud.firmware.build.BuildInputs;
import camcloud.firmware.build.BuildRequest;
import camcloud.firmware.build.Firmware;
import camcloud.firmware.build.FirmwareBuilder;
import camcloud.firmware.bundle.BundleManifest;
import camcloud.firmware.bundle.BundleWriter;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camcloud bench power-cut}: the power-cut proof from the command line — an in-process cloud
 * node publishes a signed bundle and targets it at freshly provisioned cameras, then
 * {@link PowerCutProof} cuts the power at every erase and program operation of the update (torn),
 * powers the camera on again and requires it to finish on the new version by itself. Prints the
 * same line as the test: {@code N cut points, M bricks}. Exit code 1 when M > 0.
 *
 * <pre>{@code ./camcloud bench power-cut --model hi3518ev200-8m --granularity page}</pre>
 */
@Command(name = "power-cut", mixinStandardHelpOptions = true,
        description = "Cut the power at every flash operation of a firmware update; count the bricks (must be 0).")
public final class PowerCutBench implements Callable<Integer> {

    @Option(names = "--granularity", defaultValue = "block",
            description = "Cut points: block (every erase and every 64 KiB program) or page (every 256-byte program; "
                    + "hundreds of times more points). Default: ${DEFAULT-VALUE}")
    String granularity;

    @Option(names = "--model", defaultValue = "hi3518ev200-8m", description = "Camera model. Default: ${DEFAULT-VALUE}")
    String modelId;

    @Option(names = "--workers", defaultValue = "2", description = "Cameras powered in parallel. Default: ${DEFAULT-VALUE}")
    int workers;

    @Option(names = "--second-cut-every", defaultValue = "32",
            description = "Also cut the power during the recovery at every n-th point (0: never). Default: ${DEFAULT-VALUE}")
    int secondCutEvery;

    @Option(names = "--every", defaultValue = "1",
            description = "Try every n-th cut point only (page granularity has tens of thousands). Default: ${DEFAULT-VALUE}")
    long every;

    @Override
    public Integer call() throws Exception {
        PowerCut.Granularity g = switch (granularity) {
            case "block" -> PowerCut.Granularity.BLOCK;
            case "page" -> PowerCut.Granularity.PAGE;
            default -> throw new IllegalArgumentException("--granularity must be block or page, was " + granularity);
        };
        if (workers < 1 || workers > 16 || secondCutEvery < 0) {
            throw new IllegalArgumentException("--workers must be 1..16 and --second-cut-every >= 0");
        }
        CameraModel model = CameraModels.builtIn().find(modelId).orElseThrow(() ->
                new IllegalArgumentException("--model: unknown model '" + modelId + "'; see 'camcloud firmware models'"));
        Path dir = Files.createTempDirectory("camcloud-bench-power-cut");
        try (CloudServer cloud = CloudServer.start(CloudConfig.defaults().withDataDir(dir.resolve("data"))
                .withBindHost("127.0.0.1").withPorts(0, 0, 0))) {
            SigningKey key = SigningKey.generate();
            cloud.firmware().repository().trust(key.trustedKey());
            cloud.firmware().repository().publish(new ByteArrayInputStream(bundle(model, "1.0.0", key)));
            List<Path> cameras = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                Path flash = dir.resolve("camera-" + i + ".flash");
                FactoryProvisioner.Provisioned camera = FactoryProvisioner.provision(flash, model,
                        new CameraConfig("127.0.0.1", cloud.gatewayPort(), Map.of()), cloud.operatorToken());
                cloud.firmware().setTarget(camera.serial(), model.id(), "1.0.0");
                cameras.add(flash);
            }
            System.out.printf("model %s, update %s -> 1.0.0, %s granularity%s, %d workers%n", model.id(),
                    camcloud.device.provision.FactoryImage.VERSION, granularity,
                    every == 1 ? "" : ", every " + every + "th point", workers);
            PowerCutProof.Result result = new PowerCutProof(cameras, dir.resolve("cuts"), model,
                    flash -> CameraSystem.ofCamera(flash, identity(flash), Duration.ofSeconds(10),
                            Duration.ofSeconds(5), 4).syncFlash(false),
                    "1.0.0", g, secondCutEvery).stride(every).run();
            System.out.println(result.line());
            System.out.printf("(%d with a second cut during recovery, %.1f s)%n", result.secondCuts(),
                    result.elapsedMillis() / 1000.0);
            result.failures().stream().limit(20).forEach(System.out::println);
            return result.bricks() == 0 ? 0 : 1;
        } finally {
            deleteTree(dir);
        }
    }

    /** The identity the factory wrote; the camera's system software trusts the keys pinned next to it. */
    private static CameraIdentity identity(Path flash) {
        try (CameraFlash chip = CameraFlash.open(flash, CameraModels.builtIn())) {
            return chip.identity();
        } catch (IOException e) {
            throw new UncheckedIOException("no camera identity in " + flash, e);
        }
    }

    private static byte[] bundle(CameraModel model, String version, SigningKey key) throws IOException {
        Firmware fw = FirmwareBuilder.build(model, new BuildRequest(FirmwareVersion.parse(version), 0,
                System.currentTimeMillis() / 1000, BuildInputs.standIns()));
        List<BundleWriter.Content> parts = List.of(new BundleWriter.Content("kernel", "kernel", fw.kernelUImage()),
                new BundleWriter.Content("app", "app", fw.app()));
        BundleManifest manifest = BundleWriter.manifest(model.id(), FirmwareVersion.parse(version), 0, key, parts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(out, manifest, key, parts);
        return out.toByteArray();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
