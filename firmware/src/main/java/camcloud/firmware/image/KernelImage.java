package camcloud.firmware.image;

import camcloud.firmware.layout.Partition;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.uimage.UImage;
import camcloud.firmware.uimage.UImageArch;
import camcloud.firmware.uimage.UImageCompression;
import camcloud.firmware.uimage.UImageFormatException;
import camcloud.firmware.uimage.UImageHeader;
import camcloud.firmware.uimage.UImageOs;
import camcloud.firmware.uimage.UImageType;
import java.nio.ByteBuffer;

/**
 * The uImage for a model's kernel partition: kernel plus initramfs rootfs in one image.
 *
 * <p>Always {@code -C none} (a self-extracting zImage inside): with compression, a corrupt image
 * that slipped past the CRC would fail in U-Boot's decompressor, which resets the board before the
 * backup {@code bootm} runs. Input that is already a uImage is checked for exactly that.
 */
public final class KernelImage {

    private KernelImage() {
    }

    /** The uImage name: at most 32 bytes, says what it is in {@code mkimage -l}. */
    public static String name(String version) {
        String name = "camcloud " + version;
        return name.length() <= UImageHeader.NAME_LENGTH ? name : name.substring(0, UImageHeader.NAME_LENGTH);
    }

    /** A deterministic stand-in kernel+rootfs of the model's realistic size, wrapped in a uImage. */
    public static byte[] standIn(CameraModel model, String version, long time) {
        return standIn(model, version, time, StandInFault.NONE);
    }

    /** The same, with {@code fault} written into its header (tests and demos of bad builds). */
    public static byte[] standIn(CameraModel model, String version, long time, StandInFault fault) {
        byte[] data = StandIn.bytes("camcloud stand-in kernel+rootfs\nmodel=" + model.id() + "\nversion=" + version
                + "\n" + fault.headerLine(), (int) model.standInKernelSize());
        return wrap(model, version, time, data);
    }

    /**
     * The kernel partition contents for {@code input}: a uImage is checked and kept as is; anything
     * else (a zImage with its initramfs) is wrapped.
     *
     * @throws ImageException if the result does not fit the kernel partition, or the uImage is unusable
     */
    public static byte[] fromInput(CameraModel model, String version, long time, byte[] input) {
        byte[] image;
        if (input.length >= 4 && ByteBuffer.wrap(input).getInt() == UImageHeader.MAGIC) {
            UImage decoded;
            try {
                decoded = UImage.decode(input);
            } catch (UImageFormatException e) {
                throw new ImageException("kernel input is a broken uImage: " + e.getMessage());
            }
            UImageHeader h = decoded.header();
            if (h.type() != UImageType.KERNEL || h.os() != UImageOs.LINUX) {
                throw new ImageException("kernel input is a uImage of type " + h.os().mkimageName() + " "
                        + h.type().mkimageName() + ", expected linux kernel");
            }
            if (h.compression() != UImageCompression.NONE) {
                throw new ImageException("kernel input uImage is " + h.compression().mkimageName()
                        + "-compressed: U-Boot would reset on a corrupt copy instead of trying the backup; "
                        + "build it with 'mkimage -C none' around a self-extracting zImage");
            }
            if (!h.arch().mkimageName().equals(model.arch())) {
                throw new ImageException("kernel input uImage is for " + h.arch().mkimageName() + ", model "
                        + model.id() + " is " + model.arch());
            }
            image = decoded.toBytes();
        } else {
            image = wrap(model, version, time, input);
        }
        checkFits(model, image);
        return image;
    }

    /**
     * @throws ImageException saying by how many bytes the image is too big for the kernel partition
     */
    public static void checkFits(CameraModel model, byte[] image) {
        Partition kernel = model.layout().partition("kernel");
        if (image.length > kernel.size()) {
            throw new ImageException("kernel uImage is " + image.length + " bytes, " + (image.length - kernel.size())
                    + " bytes more than the " + kernel.size() + "-byte kernel partition of model " + model.id());
        }
    }

    private static byte[] wrap(CameraModel model, String version, long time, byte[] data) {
        long room = model.layout().partition("kernel").size() - UImageHeader.SIZE;
        if (data.length > room) {
            throw new ImageException("kernel is " + data.length + " bytes, " + (data.length - room)
                    + " bytes more than the " + room + " bytes the kernel partition of model " + model.id()
                    + " holds after the 64-byte uImage header");
        }
        UImageArch arch = java.util.Arrays.stream(UImageArch.values()).filter(a -> a.mkimageName().equals(model.arch()))
                .findFirst().orElseThrow(() -> new ImageException("model " + model.id() + ": unknown arch '"
                        + model.arch() + "'"));
        return UImage.create(name(version), UImageOs.LINUX, arch, UImageType.KERNEL, UImageCompression.NONE,
                model.kernelLoadAddress(), model.kernelEntryPoint(), time, data).toBytes();
    }
}
