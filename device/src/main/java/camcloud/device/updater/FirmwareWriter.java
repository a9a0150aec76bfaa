package camcloud.device.updater;

import camcloud.device.flash.FlashChip;
import camcloud.firmware.layout.Partition;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.uimage.UImage;
import camcloud.protocol.v1.UpdateStep;
import java.util.Arrays;

/**
 * Writes verified firmware to the flash in the order that keeps a bootable kernel on the chip at
 * every moment (DESIGN.md, "Firmware and the update subsystem"):
 *
 * <ol>
 *   <li>erase the {@link AppSeal}: from here until step 5 the app partition is "not whole", and a
 *       camera that loses power boots into recovery mode;</li>
 *   <li>if the kernel partition holds a valid image: write the new kernel as the backup at the start
 *       of {@code app} and verify it (the boot script's second {@code bootm} reads it). If the kernel
 *       partition is not valid, the camera is running from that backup: it is left alone;</li>
 *   <li>rewrite the kernel partition and verify it;</li>
 *   <li>write the app image over the backup and verify it;</li>
 *   <li>write the seal.</li>
 * </ol>
 *
 * A region that already holds exactly the bytes to write is skipped, so recovery after a power cut
 * redoes only what is missing. Only {@code kernel} and {@code app} are ever written; {@code boot},
 * {@code tech} and {@code config} are not reachable from here.
 */
public final class FirmwareWriter {

    /** Progress of the writes, one call per erase block. */
    public interface Progress {
        void step(UpdateStep step, long bytesDone, long bytesTotal);
    }

    private final FlashChip chip;
    private final CameraModel model;
    private final Progress progress;
    private final Partition kernel;
    private final Partition app;

    public FirmwareWriter(FlashChip chip, CameraModel model, Progress progress) {
        this.chip = chip;
        this.model = model;
        this.progress = progress;
        this.kernel = model.layout().partition("kernel");
        this.app = model.layout().partition("app");
    }

    /**
     * @throws UpdateException refused when the images do not fit (nothing written), write-failed when
     *                         a region reads back different from what was written
     */
    public void install(String version, byte[] kernelImage, byte[] appImage) throws UpdateException {
        long room = AppSeal.room(model);
        if (kernelImage.length > kernel.size() || kernelImage.length > room) {
            throw UpdateException.refused("kernel image of " + kernelImage.length + " bytes does not fit the "
                    + kernel.size() + "-byte kernel partition and the " + room + "-byte backup slot in app");
        }
        if (appImage.length > room) {
            throw UpdateException.refused("app image of " + appImage.length + " bytes is " + (appImage.length - room)
                    + " bytes more than the " + room + " bytes of app before its seal block");
        }
        long sealBlock = AppSeal.blockOffset(model);
        if (!erased(sealBlock, model.eraseBlockSize())) {
            chip.erase(sealBlock, model.eraseBlockSize());
        }
        if (mainKernelValid() && !holds(app.offset(), kernelImage)) {
            write(UpdateStep.UPDATE_STEP_WRITING_BACKUP_KERNEL, app.offset(), kernelImage, "backup kernel");
        }
        if (!holds(kernel.offset(), kernelImage)) {
            write(UpdateStep.UPDATE_STEP_WRITING_KERNEL, kernel.offset(), kernelImage, "kernel partition");
        }
        if (!holds(app.offset(), appImage)) {
            write(UpdateStep.UPDATE_STEP_WRITING_APP, app.offset(), appImage, "app partition");
        }
        byte[] seal = AppSeal.of(version, appImage).encode(model);
        chip.program(sealBlock, seal);
        if (!AppSeal.valid(chip, model, version)) {
            throw UpdateException.writeFailed("the app seal does not read back as written");
        }
    }

    /** Whether the kernel partition holds an image U-Boot's {@code bootm} accepts (CRCs checked). */
    public boolean mainKernelValid() {
        byte[] bytes = chip.read(kernel.offset(), (int) kernel.size());
        return UImage.check(bytes, 0, bytes.length).ok();
    }

    private void write(UpdateStep step, long offset, byte[] bytes, String what) throws UpdateException {
        requireWritable(offset, bytes.length);
        int block = model.eraseBlockSize();
        long regionEnd = offset + roundUp(bytes.length, block);
        for (long at = offset; at < regionEnd; at += block) {
            chip.erase(at, block);
            int from = (int) (at - offset);
            int n = Math.min(block, bytes.length - from);
            chip.program(at, Arrays.copyOfRange(bytes, from, from + n));
            progress.step(step, from + n, bytes.length);
        }
        if (!holds(offset, bytes)) {
            throw UpdateException.writeFailed(what + " does not read back as written");
        }
    }

    private boolean holds(long offset, byte[] bytes) {
        return Arrays.equals(chip.read(offset, bytes.length), bytes);
    }

    private boolean erased(long offset, int length) {
        for (byte b : chip.read(offset, length)) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** The guard behind "boot, tech and config are never written". */
    private void requireWritable(long offset, long length) {
        boolean inKernel = offset >= kernel.offset() && offset + length <= kernel.end();
        boolean inApp = offset >= app.offset() && offset + length <= app.end();
        if (!inKernel && !inApp) {
            throw new IllegalStateException("updater asked to write outside kernel and app: 0x"
                    + Long.toHexString(offset) + "+" + length);
        }
    }

    private static long roundUp(long n, long block) {
        return (n + block - 1) / block * block;
    }
}
