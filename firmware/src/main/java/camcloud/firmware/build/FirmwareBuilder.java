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
                ? KernelImage.standIn(model, version, request.time(), in.fault())
                : KernelImage.fromInput(model, version, request.time(), read(in.kernel(), "kernel", model,
                        model.layout().partition("kernel").size() + (1 << 20), "kernel partition"));
        Partition appPartition = model.layout().partition("app");
        byte[] app = in.app() == null
                ? StandIn.bytes("camcloud stand-in app\nmodel=" + model.id() + "\nversion=" + version + "\n",
                        (int) model.standInAppSize())
                : read(in.app(), "app", model, appPartition.size(), "app partition");
        if (app.length > appPartition.size()) {
            throw new ImageException("app image is " + app.length + " bytes, " + (app.length - appPartition.size())
                    + " bytes more than the " + appPartition.size() + "-byte app partition of model " + model.id());
        }
        byte[] uboot = in.boot() == null ? FlashImage.standInBoot(model)
                : read(in.boot(), "boot", model, model.envOffset(), "space before the environment in the boot partition");
        if (uboot.length > model.envOffset()) {
            throw new ImageException("U-Boot is " + uboot.length + " bytes, " + (uboot.length - model.envOffset())
                    + " bytes more than the " + model.envOffset() + " bytes before the environment in the boot "
                    + "partition of model " + model.id());
        }
        Firmware firmware = new Firmware(model, request.version(), uboot, kernel, app);
        firmware.flashImage(); // every size check of the final layout, before anything is written
        return firmware;
    }

    /**
     * Reads an input file, refusing one larger than {@code room} before loading it. (For the kernel
     * {@code room} is only a memory guard: whether it fits depends on whether it is already a uImage,
     * and {@link KernelImage} says by exactly how much.)
     */
    private static byte[] read(Path file, String what, CameraModel model, long room, String where) {
        if (!Files.isRegularFile(file)) {
            throw new ImageException(what + " input " + file + ": no such file");
        }
        try {
            long size = Files.size(file);
            if (size > room) {
                throw new ImageException(what + " input " + file + " is " + size + " bytes, " + (size - room)
                        + " bytes more than the " + room + "-byte " + where + " of model " + model.id());
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ImageException("cannot read " + what + " input " + file + ": " + e.getMessage());
        }
    }
}
