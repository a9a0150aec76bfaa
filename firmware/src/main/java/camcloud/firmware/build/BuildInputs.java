package camcloud.firmware.build;

import java.nio.file.Path;

/**
 * Real files for real hardware; each {@code null} means "generate a deterministic stand-in".
 *
 * @param kernel a kernel uImage ({@code -C none}) or a raw zImage with its initramfs, to be wrapped
 * @param app    the app partition image (video application and cloud agent), written as is
 * @param boot   the U-Boot binary with the model's reg_info block, written at offset 0 of boot
 */
public record BuildInputs(Path kernel, Path app, Path boot) {

    /** Stand-ins for everything. */
    public static BuildInputs standIns() {
        return new BuildInputs(null, null, null);
    }

    public boolean anyGiven() {
        return kernel != null || app != null || boot != null;
    }
}
