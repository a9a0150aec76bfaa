package camcloud.device.updater;

import camcloud.firmware.build.BuildInputs;
import camcloud.firmware.build.BuildRequest;
import camcloud.firmware.build.Firmware;
import camcloud.firmware.build.FirmwareBuilder;
import camcloud.firmware.bundle.BundleManifest;
import camcloud.firmware.bundle.BundleWriter;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.model.CameraModel;
import camcloud.protocol.FirmwareOfferText;
import camcloud.protocol.v1.FirmwareOffer;
import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Bundles and signed offers for updater tests. */
final class TestFirmware {

    private TestFirmware() {
    }

    static Firmware build(CameraModel model, String version) {
        return FirmwareBuilder.build(model, new BuildRequest(FirmwareVersion.parse(version), 0, 1_767_225_600L,
                BuildInputs.standIns()));
    }

    static byte[] bundle(CameraModel model, String version, SigningKey key) {
        return bundle(model, version, 0, key);
    }

    /** A bundle that installs only over {@code minVersionNumber} or later. */
    static byte[] bundle(CameraModel model, String version, long minVersionNumber, SigningKey key) {
        Firmware fw = build(model, version);
        List<BundleWriter.Content> parts = List.of(new BundleWriter.Content("kernel", "kernel", fw.kernelUImage()),
                new BundleWriter.Content("app", "app", fw.app()));
        BundleManifest manifest = BundleWriter.manifest(model.id(), FirmwareVersion.parse(version), minVersionNumber, key,
                parts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BundleWriter.write(out, manifest, key, parts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static FirmwareOffer offer(SigningKey offerKey, String serial, String model, String version, String url,
                               byte[] bundle, long issuedAt, long expiresAt) {
        FirmwareOffer unsigned = FirmwareOffer.newBuilder()
                .setSerial(serial).setModel(model).setVersion(version)
                .setVersionNumber(FirmwareVersion.parse(version).number())
                .setBundleUrl(url)
                .setBundleSha256(ByteString.copyFrom(BundleDownload.sha256(bundle)))
                .setBundleSize(bundle.length)
                .setIssuedAtMs(issuedAt).setExpiresAtMs(expiresAt)
                .setKeyId(offerKey.keyId()).build();
        return unsigned.toBuilder().setSignature(ByteString.copyFrom(offerKey.sign(FirmwareOfferText.signedBytes(unsigned))))
                .build();
    }
}
