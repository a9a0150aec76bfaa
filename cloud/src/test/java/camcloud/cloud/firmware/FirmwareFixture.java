package camcloud.cloud.firmware;

import camcloud.cloud.CloudServer;
import camcloud.device.system.CameraSystem;
import camcloud.device.system.GatewayFirmwareCloud;
import camcloud.device.system.NormalMode;
import camcloud.device.updater.BundleDownload;
import camcloud.device.updater.UpdateTrust;
import camcloud.firmware.build.BuildInputs;
import camcloud.firmware.build.BuildRequest;
import camcloud.firmware.build.Firmware;
import camcloud.firmware.build.FirmwareBuilder;
import camcloud.firmware.bundle.BundleManifest;
import camcloud.firmware.bundle.BundleWriter;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.bundle.TrustStore;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Signed bundles published to a test cloud, and camera system software pointed at it. */
final class FirmwareFixture {

    final SigningKey bundleKey = SigningKey.generate();
    final CloudServer server;

    FirmwareFixture(CloudServer server) throws IOException {
        this.server = server;
        server.firmware().repository().trust(bundleKey.trustedKey());
    }

    static CameraModel firstModel() {
        return CameraModels.builtIn().all().get(0);
    }

    byte[] bundle(CameraModel model, String version) throws IOException {
        return bundle(model, version, bundleKey);
    }

    static byte[] bundle(CameraModel model, String version, SigningKey key) throws IOException {
        Firmware fw = FirmwareBuilder.build(model, new BuildRequest(FirmwareVersion.parse(version), 0, 1_767_225_600L,
                BuildInputs.standIns()));
        List<BundleWriter.Content> parts = List.of(new BundleWriter.Content("kernel", "kernel", fw.kernelUImage()),
                new BundleWriter.Content("app", "app", fw.app()));
        BundleManifest manifest = BundleWriter.manifest(model.id(), FirmwareVersion.parse(version), 0, key, parts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(out, manifest, key, parts);
        return out.toByteArray();
    }

    PublishedBundle publish(CameraModel model, String version) throws IOException {
        return server.firmware().repository().publish(new ByteArrayInputStream(bundle(model, version)));
    }

    UpdateTrust trust() {
        return new UpdateTrust(TrustStore.of(bundleKey.trustedKey()),
                TrustStore.of(server.firmware().signer().offerKey()));
    }

    /** The system software of the camera whose flash is {@code flash}, talking to this cloud. */
    CameraSystem system(Path flash) {
        return new CameraSystem(flash, CameraModels.builtIn(), trust(),
                (identity, config, version) -> GatewayFirmwareCloud.connect(identity, config, version,
                        Duration.ofSeconds(10)),
                new BundleDownload(null, Duration.ofSeconds(5), 4), NormalMode.NONE, Clock.systemUTC())
                .syncFlash(false);
    }
}
