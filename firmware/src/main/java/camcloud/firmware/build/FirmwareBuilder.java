package camcloud.firmware.build;

import camcloud.firmware.image.FlashImage;
import camcloud.firmware.image.ImageException;
import camcloud.firmware.image.KernelImage;
import camcloud.firmware.image.StandIn;
import camcloud.firmware.layout.Partition;
import camcloud.firmware.model.CameraModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Turns inputs (or stand-ins) into one model's {@link Firmware}, checking every part fits. */
public final class FirmwareBuilder {

    private FirmwareBuilder() {
    }

    /**
     * @throws ImageException naming the part that does not fit and by how many bytes, or an unreadable input
     */
    public static Firmware build(CameraModel model, BuildRequest request) {
        String version = request.version().text();
        BuildInputs in = request.inputs();
        byte[] kernel = in.kernel() == null
                ? KernelImage.standIn(model, version, request.time())
                : KernelImage.fromInput(model, version, request.time(), read(in.kernel(), "kernel",
                        model.layout().partition("kernel").size()));
        Partition appPartition = model.layout().partition("app");
        byte[] app = in.app() == null
                ? StandIn.bytes("camcloud stand-in app\nmodel=" + model.id() + "\nversion=" + version + "\n",
                        (int) model.standInAppSize())
                : read(in.app(), "app", appPartition.size());
        if (app.length > appPartition.size()) {
            throw new ImageException("app image is " + app.length + " bytes, " + (app.length - appPartition.size())
                    + " bytes more than the " + appPartition.size() + "-byte app partition of model " + model.id());
        }
        byte[] uboot = in.boot() == null ? FlashImage.standInBoot(model)
                : read(in.boot(), "boot", model.envOffset());
        if (uboot.length > model.envOffset()) {
            throw new ImageException("U-Boot is " + uboot.length + " bytes, " + (uboot.length - model.envOffset())
                    + " bytes more than the " + model.envOffset() + " bytes before the environment in the boot "
                    + "partition of model " + model.id());
        }
        Firmware firmware = new Firmware(model, request.version(), uboot, kernel, app);
        firmware.flashImage(); // every size check of the final layout, before anything is written
        return firmware;
    }

    /** Reads an input file, refusing to load one far larger than where it goes. */
    private static byte[] read(Path file, String what, long room) {
        try {
            long size = Files.size(file);
            if (size > room + (1 << 20)) {
                throw new ImageException(what + " input " + file + " is " + size + " bytes, " + (size - room)
                        + " bytes more than the " + room + " bytes it may take");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ImageException("cannot read " + what + " input " + file + ": " + e);
        }
    }
}
