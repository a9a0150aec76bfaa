package camcloud.firmware.build;

import camcloud.firmware.bundle.FirmwareVersion;

/**
 * What to build, apart from the model.
 *
 * @param version           the firmware version
 * @param minVersionNumber  oldest version number the bundle may be installed over (0: any)
 * @param time              Unix seconds stored in the uImage header (fixed for reproducible builds)
 * @param inputs            real files, or stand-ins
 */
public record BuildRequest(FirmwareVersion version, long minVersionNumber, long time, BuildInputs inputs) {
}
