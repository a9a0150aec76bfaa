package camcloud.firmware.build;

import camcloud.firmware.image.StandInFault;
import java.nio.file.Path;

/**
 * Real files for real hardware; each {@code null} means "generate a deterministic stand-in".
 *
 * @param kernel a kernel uImage ({@code -C none}) or a raw zImage with its initramfs, to be wrapped
 * @param app    the app partition image (video application and cloud agent), written as is
 * @param boot   the U-Boot binary with the model's reg_info block, written at offset 0 of boot
 * @param fault  a bad build on purpose, written into the stand-in kernel's header (tests and demos
 *               only; needs the stand-in kernel)
 */
public record BuildInputs(Path kernel, Path app, Path boot, StandInFault fault) {

    public BuildInputs {
        fault = fault == null ? StandInFault.NONE : fault;
        if (fault != StandInFault.NONE && kernel != null) {
            throw new IllegalArgumentException("a stand-in fault (" + fault.text() + ") goes into the stand-in kernel; "
                    + "it cannot be used with a real kernel");
        }
    }

    public BuildInputs(Path kernel, Path app, Path boot) {
        this(kernel, app, boot, StandInFault.NONE);
    }

    /** Stand-ins for everything. */
    public static BuildInputs standIns() {
        return new BuildInputs(null, null, null);
    }

    /** Stand-ins for everything, the kernel with {@code fault}. */
    public static BuildInputs standIns(StandInFault fault) {
        return new BuildInputs(null, null, null, fault);
    }

    public boolean anyGiven() {
        return kernel != null || app != null || boot != null;
    }
}
