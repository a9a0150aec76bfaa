package camcloud.firmware.image;

import camcloud.firmware.env.UBootEnvironment;
import camcloud.firmware.layout.FlashLayout;
import camcloud.firmware.layout.Partition;
import camcloud.firmware.model.CameraModel;
import java.util.Arrays;
import java.util.Map;

/**
 * A full flash image, byte for byte what a programmer writes to a new camera's chip:
 *
 * <pre>
 *   boot    U-Boot (with its reg_info block) at 0, the environment at the model's env offset, 0xFF elsewhere
 *   tech    erased (0xFF): identity is written at provisioning
 *   kernel  kernel uImage, then 0xFF
 *   app     app image, then 0xFF
 *   config  erased (0xFF): settings start from defaults
 * </pre>
 */
public final class FlashImage {

    private FlashImage() {
    }

    /** Stand-in U-Boot bytes: a header naming the model, SoC and reg_info block, then filler. */
    public static byte[] standInBoot(CameraModel model) {
        int size = (int) Math.min(model.envOffset(), 160 * 1024);
        return StandIn.bytes("camcloud stand-in U-Boot\nmodel=" + model.id() + "\nsoc=" + model.soc() + "\nreg_info="
                + model.regInfo() + "\n", size);
    }

    /**
     * Lays out the chip.
     *
     * @throws ImageException naming the part that does not fit and by how many bytes
     */
    public static byte[] assemble(CameraModel model, byte[] uboot, Map<String, String> env, byte[] kernelUImage,
                                  byte[] app) {
        FlashLayout layout = model.layout();
        if (layout.chipSize() > Integer.MAX_VALUE - 8) {
            throw new ImageException("model " + model.id() + ": a " + layout.chipSize()
                    + "-byte chip is too big to assemble in memory");
        }
        byte[] flash = new byte[(int) layout.chipSize()];
        Arrays.fill(flash, (byte) 0xFF);
        Partition boot = layout.partition("boot");
        long envStart = model.envOffset();
        if (uboot.length > envStart) {
            throw new ImageException("U-Boot is " + uboot.length + " bytes, " + (uboot.length - envStart)
                    + " bytes more than the " + envStart + " bytes before the environment in the boot partition of model "
                    + model.id());
        }
        place(flash, boot, 0, uboot, "U-Boot");
        place(flash, boot, envStart, UBootEnvironment.encode(env, model.envSize()), "U-Boot environment");
        KernelImage.checkFits(model, kernelUImage);
        place(flash, layout.partition("kernel"), 0, kernelUImage, "kernel uImage");
        place(flash, layout.partition("app"), 0, app, "app image");
        return flash;
    }

    private static void place(byte[] flash, Partition partition, long offset, byte[] bytes, String what) {
        long room = partition.size() - offset;
        if (bytes.length > room) {
            throw new ImageException(what + " is " + bytes.length + " bytes, " + (bytes.length - room)
                    + " bytes more than the " + room + " bytes of the " + partition.name() + " partition");
        }
        System.arraycopy(bytes, 0, flash, (int) (partition.offset() + offset), bytes.length);
    }
}
