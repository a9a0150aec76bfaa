package camcloud.device.updater;

import camcloud.firmware.bundle.TrustStore;

/**
 * The keys the camera's rootfs ships with: whom it accepts firmware bundles from, and whom it
 * accepts firmware offers from (the cloud's firmware-offer key). Both are sets, so keys rotate.
 */
public record UpdateTrust(TrustStore bundleKeys, TrustStore offerKeys) {
}
