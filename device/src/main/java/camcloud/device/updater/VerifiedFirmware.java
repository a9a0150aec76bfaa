package camcloud.device.updater;

import camcloud.firmware.bundle.BundleException;
import camcloud.firmware.bundle.BundleManifest;
import camcloud.firmware.bundle.BundleReader;
import camcloud.firmware.bundle.TrustStore;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.uimage.UImage;
import camcloud.firmware.uimage.UImageCheck;
import camcloud.firmware.uimage.UImageCompression;
import camcloud.firmware.uimage.UImageType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * A bundle that passed every check, with its parts in RAM, ready to be written: signature by a
 * trusted key, this model, partition fit, version rule, every 64 KiB chunk's and every part's
 * SHA-256, nothing missing or trailing, and a kernel that U-Boot's {@code bootm} will accept
 * (uncompressed kernel uImage, CRCs good). Nothing reaches the flash before all of that holds.
 *
 * @param manifest the signed manifest
 * @param kernel   the kernel partition's new contents (kernel+rootfs uImage)
 * @param app      the app partition's new contents
 */
public record VerifiedFirmware(BundleManifest manifest, byte[] kernel, byte[] app) {

    /**
     * @param runningVersionNumber version of the kernel that booted
     * @param recovering           recovery mode: the same version as the running one is accepted (it finishes an update)
     * @throws UpdateException refused, naming the first check that failed
     */
    public static VerifiedFirmware verify(byte[] bundle, TrustStore trust, CameraModel model,
                                          long runningVersionNumber, boolean recovering) throws UpdateException {
        try (BundleReader reader = BundleReader.open(new ByteArrayInputStream(bundle), trust)) {
            BundleManifest manifest = reader.manifest();
            manifest.checkFits(model);
            if (recovering) {
                if (manifest.version().number() < runningVersionNumber) {
                    throw UpdateException.refused("bundle " + manifest.version().text() + " is older than the running "
                            + "kernel (" + runningVersionNumber + "): downgrade refused");
                }
                if (runningVersionNumber < manifest.minVersionNumber()) {
                    // the running kernel is still the old one (the cut came before the kernel partition
                    // was rewritten), and the bundle says it cannot install over that
                    throw UpdateException.refused("bundle " + manifest.version().text() + " installs only over version "
                            + "number " + manifest.minVersionNumber() + " or later; the running kernel is "
                            + runningVersionNumber);
                }
            } else {
                manifest.checkUpgradeFrom(runningVersionNumber);
            }
            byte[] kernel = null;
            byte[] app = null;
            while (reader.hasNextPart()) {
                BundleReader.PartStream part = reader.nextPart();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) part.part().size());
                for (byte[] chunk = part.nextChunk(); chunk != null; chunk = part.nextChunk()) {
                    bytes.write(chunk);
                }
                switch (part.part().partition()) {
                    case "kernel" -> kernel = bytes.toByteArray();
                    case "app" -> app = bytes.toByteArray();
                    default -> throw UpdateException.refused("bundle part for partition " + part.part().partition());
                }
            }
            reader.finish();
            if (kernel == null || app == null) {
                throw UpdateException.refused("bundle lacks a kernel or an app part");
            }
            UImageCheck check = UImage.check(kernel, 0, kernel.length);
            if (!check.ok()) {
                throw UpdateException.refused("bundle's kernel is not a bootable uImage: " + check.message());
            }
            if (check.header().type() != UImageType.KERNEL || check.header().compression() != UImageCompression.NONE) {
                throw UpdateException.refused("bundle's kernel must be an uncompressed kernel uImage (a compressed one "
                        + "that fails to decompress resets the board before the backup can boot)");
            }
            return new VerifiedFirmware(manifest, kernel, app);
        } catch (BundleException e) {
            throw UpdateException.refused("bundle refused: " + e.getMessage(), e);
        } catch (IOException e) {
            throw UpdateException.refused("bundle unreadable: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw UpdateException.refused("bundle unreadable: " + e, e);
        }
    }
}
