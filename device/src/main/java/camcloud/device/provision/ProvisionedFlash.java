package camcloud.device.provision;

import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.firmware.model.CameraModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The factory's last step for a camera the cloud accepted, whichever way it was registered (one
 * camera over the gateway, {@link FactoryProvisioner}, or a batch through the operator API,
 * {@link BulkProvisioner}): the model's {@link FactoryImage}, then the identity with the firmware
 * trust anchors, then the cloud address.
 */
final class ProvisionedFlash {

    private ProvisionedFlash() {
    }

    /**
     * Programs {@code flash}.
     *
     * @param offerKeys  the cloud's firmware-offer keys (DER SubjectPublicKeyInfo)
     * @param bundleKeys the publishing keys the camera pins (same encoding)
     */
    static void write(CameraFlash flash, CameraModel model, CameraIdentity identity, List<byte[]> offerKeys,
                      List<byte[]> bundleKeys, CameraConfig cloud) throws IOException {
        FactoryImage.write(flash.chip(), model); // the factory build first: U-Boot, env, kernel, app
        flash.writeIdentity(identity, offerKeys, bundleKeys);
        flash.writeConfig(cloud.withSettings(Map.of()));
    }

    /** The same into the flash file {@code file}, created (erased) if missing. */
    static void write(Path file, CameraModel model, CameraIdentity identity, List<byte[]> offerKeys,
                      List<byte[]> bundleKeys, CameraConfig cloud) throws IOException {
        try (CameraFlash flash = CameraFlash.openOrCreate(file, model)) {
            write(flash, model, identity, offerKeys, bundleKeys, cloud);
        }
    }
}
