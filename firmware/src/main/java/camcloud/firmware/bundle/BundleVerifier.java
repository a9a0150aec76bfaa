package camcloud.firmware.bundle;

import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a bundle file end to end without applying it — what {@code camcloud firmware verify}
 * and the cloud's firmware repository do before publishing: signature by a trusted key, model
 * known, parts fit the model's partitions, every part's SHA-256 and length, nothing trailing, and
 * the kernel part is an uncompressed kernel uImage whose CRCs hold.
 * Streams the file, so memory does not grow with the bundle.
 */
public final class BundleVerifier {

    private BundleVerifier() {
    }

    /**
     * @return the verified manifest
     * @throws BundleException with the exact reason the bundle is not good
     */
    public static BundleManifest verify(Path bundle, TrustStore trust, CameraModels models) {
        if (!Files.isRegularFile(bundle)) {
            throw new BundleException(bundle + ": no such file");
        }
        try (BundleReader reader = BundleReader.open(new BufferedInputStream(Files.newInputStream(bundle)), trust)) {
            BundleManifest manifest = reader.manifest();
            CameraModel model = models.find(manifest.model()).orElseThrow(() -> new BundleException(
                    "bundle is for unknown model '" + manifest.model() + "' (known: "
                            + String.join(", ", models.ids()) + ")"));
            manifest.checkFits(model);
            while (reader.hasNextPart()) {
                BundleReader.PartStream part = reader.nextPart();
                if (part.part().partition().equals("kernel")) {
                    KernelPartCheck.check(part.part().name(), part.part().size(), part);
                } else {
                    part.drain();
                }
            }
            reader.finish();
            return manifest;
        } catch (IOException e) {
            throw new BundleException("cannot read " + bundle + ": " + e.getMessage(), e);
        }
    }
}
