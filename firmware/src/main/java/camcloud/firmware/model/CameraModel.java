package camcloud.firmware.model;

import camcloud.firmware.layout.FlashLayout;
import camcloud.firmware.layout.LayoutException;
import camcloud.firmware.layout.Partition;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One camera model: the hardware facts the firmware build needs. Models are data — one file per
 * model under {@code src/main/resources/camcloud/firmware/models/}, schema in {@code firmware/MODELS.md}
 * — so adding a camera is adding a file, not code.
 *
 * <p>The constructor checks everything that would otherwise surface as a bricked camera: the
 * partition table fits the chip and its erase blocks, has the five partitions the boot script and
 * updater rely on, the app partition can hold a backup copy of the kernel partition (the update
 * writes the new kernel there first), and the U-Boot environment lies inside {@code boot} on erase
 * block boundaries.
 *
 * @param id                id of the model, lowercase words joined by dashes ({@code xiaomi-yi-ants})
 * @param name              human-readable name
 * @param soc               system on chip ({@code Hi3518E})
 * @param sensor            image sensor ({@code ov9732})
 * @param wifi              Wi-Fi chip, or {@code none} for a wired camera
 * @param flashSize         bytes of the SPI flash chip
 * @param eraseBlockSize    bytes of one erase block
 * @param mem               RAM Linux may use, as {@code mem=} takes it ({@code 38M})
 * @param mtdparts          partition table without the {@code mtdparts=} prefix ({@code hi_sfc:256K(boot),…})
 * @param hwType            {@code hw_type=} value the system software reads from the kernel command line
 * @param console           {@code console=} value ({@code ttyAMA0,115200})
 * @param regInfo           reference of the register-init ({@code reg_info}) block the model's U-Boot carries
 * @param arch              CPU architecture as mkimage names it ({@code arm})
 * @param loadAddress       RAM address the boot script reads the kernel uImage to ({@code sf read} / {@code bootm})
 * @param kernelLoadAddress uImage load address of the kernel
 * @param kernelEntryPoint  uImage entry point of the kernel
 * @param envOffset         offset of the U-Boot environment inside the {@code boot} partition
 * @param envSize           bytes of the U-Boot environment block
 * @param standInKernelSize bytes of kernel+rootfs the builder generates when no real kernel is given
 * @param standInAppSize    bytes of app image the builder generates when no real app is given
 */
public record CameraModel(String id, String name, String soc, String sensor, String wifi,
                          long flashSize, int eraseBlockSize, String mem, String mtdparts, int hwType,
                          String console, String regInfo, String arch, long loadAddress,
                          long kernelLoadAddress, long kernelEntryPoint, long envOffset, int envSize,
                          long standInKernelSize, long standInAppSize) {

    /** Partitions every model must have: the boot script and the updater address them by name. */
    public static final List<String> REQUIRED_PARTITIONS = List.of("boot", "tech", "kernel", "app", "config");

    /** Smallest environment block worth having: CRC plus a few variables. */
    private static final int MIN_ENV_SIZE = 256;

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern MEM = Pattern.compile("[0-9]+[KMG]?");

    public CameraModel {
        require(id != null && ID.matcher(id).matches(), id,
                "id must be lowercase letters and digits joined by dashes, got '" + id + "'");
        requireText(id, "name", name);
        requireText(id, "soc", soc);
        requireText(id, "sensor", sensor);
        requireText(id, "wifi", wifi);
        requireText(id, "console", console);
        requireText(id, "regInfo", regInfo);
        requireText(id, "arch", arch);
        require(mem != null && MEM.matcher(mem).matches(), id, "mem must look like 38M, got '" + mem + "'");
        require(hwType >= 0, id, "hwType must not be negative, got " + hwType);
        FlashLayout layout;
        try {
            layout = FlashLayout.parse(mtdparts, flashSize, eraseBlockSize);
        } catch (LayoutException e) {
            throw new ModelFormatException("model " + id + ": mtdparts: " + e.getMessage(), e);
        }
        for (String p : REQUIRED_PARTITIONS) {
            require(layout.find(p).isPresent(), id, "mtdparts has no '" + p + "' partition (required: "
                    + String.join(", ", REQUIRED_PARTITIONS) + ")");
        }
        Partition boot = layout.partition("boot");
        Partition kernel = layout.partition("kernel");
        Partition app = layout.partition("app");
        require(app.size() >= kernel.size(), id, "app partition (" + app.size() + " bytes) is "
                + (kernel.size() - app.size()) + " bytes smaller than the kernel partition (" + kernel.size()
                + " bytes): an update writes the backup kernel at the start of app, and the boot script reads "
                + kernel.size() + " bytes from there");
        require(envOffset > 0, id, "U-Boot environment offset must be above 0: U-Boot itself starts at offset 0 of boot");
        require(envSize >= MIN_ENV_SIZE && envOffset >= 0 && envOffset + envSize <= boot.size(), id,
                "U-Boot environment (offset " + envOffset + ", " + envSize + " bytes) must lie inside the "
                        + boot.size() + "-byte boot partition");
        require(envOffset % eraseBlockSize == 0, id, "U-Boot environment offset 0x" + Long.toHexString(envOffset)
                + " is " + (envOffset % eraseBlockSize) + " bytes past an erase block boundary");
        require(standInKernelSize > 0 && standInKernelSize + 64 <= kernel.size(), id,
                "stand-in kernel size " + standInKernelSize + " plus the 64-byte uImage header must fit the "
                        + kernel.size() + "-byte kernel partition");
        require(standInAppSize > 0 && standInAppSize <= app.size(), id,
                "stand-in app size " + standInAppSize + " must fit the " + app.size() + "-byte app partition");
    }

    /** The parsed and validated partition table of this model's flash. */
    public FlashLayout layout() {
        return FlashLayout.parse(mtdparts, flashSize, eraseBlockSize);
    }

    /** Whether the camera has Wi-Fi. */
    public boolean hasWifi() {
        return !wifi.equals("none");
    }

    /** Absolute flash offset of the U-Boot environment. */
    public long envFlashOffset() {
        return layout().partition("boot").offset() + envOffset;
    }

    private static void requireText(String id, String key, String value) {
        require(value != null && !value.isBlank(), id, key + " is missing or empty");
    }

    private static void require(boolean ok, String id, String message) {
        if (!ok) {
            throw new ModelFormatException("model " + (id == null ? "?" : id) + ": " + message);
        }
    }
}
