package camcloud.device.boot;

import camcloud.firmware.image.StandInFault;
import java.util.List;

/**
 * How a power-on ended.
 *
 * @param outcome        what happened
 * @param kernelVersion  firmware version of the kernel+rootfs that started ({@code null} unless booted)
 * @param model          model id the kernel was built for ({@code null} unless booted)
 * @param bootArgs       the final {@code bootargs} handed to the kernel ({@code null} unless booted)
 * @param flashOffset    flash offset the booted image was read from ({@code -1} unless booted)
 * @param console        the serial console, line by line, as a technician would see it
 * @param fault          the fault a stand-in build injected ({@link StandInFault#NONE} for a good build)
 */
public record BootResult(Outcome outcome, String kernelVersion, String model, String bootArgs, long flashOffset,
                         List<String> console, StandInFault fault) {

    public enum Outcome {
        /** A kernel with its rootfs started: the system software runs. */
        BOOTED,
        /** Every {@code bootm} returned: U-Boot sits at its prompt. A brick. */
        NO_KERNEL,
        /** U-Boot reset the board (decompression failure); it will do the same at every power-on. A brick. */
        RESET_LOOP,
        /** A kernel was started but it is not an intact kernel ({@code verify=n} let it through). A brick. */
        KERNEL_PANIC
    }

    public boolean booted() {
        return outcome == Outcome.BOOTED;
    }

    /** Whether the boot script fell through to the backup kernel ({@code bkp=1} on the command line). */
    public boolean backup() {
        return bootArgs != null && (" " + bootArgs + " ").contains(" bkp=1 ");
    }
}
