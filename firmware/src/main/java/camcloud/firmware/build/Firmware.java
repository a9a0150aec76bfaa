package camcloud.firmware.build;

import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.image.BootEnvironment;
import camcloud.firmware.image.FlashImage;
import camcloud.firmware.model.CameraModel;
import java.util.Map;

/**
 * One model's firmware, in memory: what goes into each partition that the build produces.
 *
 * @param uboot        contents of the start of the boot partition
 * @param kernelUImage contents of the kernel partition (without padding)
 * @param app          contents of the app partition (without padding)
 */
public record Firmware(CameraModel model, FirmwareVersion version, byte[] uboot, byte[] kernelUImage, byte[] app) {

    /** The boot environment written into the boot partition. */
    public Map<String, String> environment() {
        return BootEnvironment.forModel(model);
    }

    /** The full chip image. */
    public byte[] flashImage() {
        return FlashImage.assemble(model, uboot, environment(), kernelUImage, app);
    }
}
