package camcloud.firmware.image;

import camcloud.firmware.layout.FlashLayout;
import camcloud.firmware.layout.Partition;
import camcloud.firmware.model.CameraModel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The U-Boot environment of a fresh camera: the article's dual-{@code bootm} boot script, computed
 * from the model's layout. The first {@code bootm} boots the kernel partition; if its uImage fails
 * the CRC check, {@code bootm} returns and the script reads the backup kernel from the start of the
 * app partition (where an update writes it first) and boots that with {@code bkp=1}.
 *
 * <p>{@code verify=y}: stock camera environments often carry {@code verify=n}, which skips the data
 * CRC and would jump into a half-written kernel instead of falling back.
 */
public final class BootEnvironment {

    private BootEnvironment() {
    }

    /** {@code bootargs}: what the kernel and the system software learn about the hardware. */
    public static String bootArgs(CameraModel model) {
        return "mem=" + model.mem() + " console=" + model.console() + " rootfstype=ramfs mtdparts="
                + model.mtdparts() + " hw_type=" + model.hwType();
    }

    /** {@code bootcmd}: main kernel, then the backup at the start of app with {@code bkp=1}. */
    public static String bootCmd(CameraModel model) {
        FlashLayout layout = model.layout();
        Partition kernel = layout.partition("kernel");
        Partition app = layout.partition("app");
        String load = hex(model.loadAddress());
        return "sf probe 0; "
                + "sf read " + load + " " + hex(kernel.offset()) + " " + hex(kernel.size()) + "; bootm " + load + "; "
                + "setenv bootargs ${bootargs} bkp=1; "
                + "sf read " + load + " " + hex(app.offset()) + " " + hex(kernel.size()) + "; bootm " + load;
    }

    /** The whole environment, in the order it is written. */
    public static Map<String, String> forModel(CameraModel model) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("bootargs", bootArgs(model));
        env.put("bootcmd", bootCmd(model));
        env.put("bootdelay", "1");
        String console = model.console();
        int comma = console.indexOf(',');
        if (comma > 0) {
            env.put("baudrate", console.substring(comma + 1));
        }
        env.put("verify", "y");
        return env;
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
