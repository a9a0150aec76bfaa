package camcloud.device.updater;

import camcloud.device.flash.FlashChip;
import camcloud.firmware.env.EnvFormatException;
import camcloud.firmware.env.UBootEnvironment;
import camcloud.firmware.layout.Partition;
import camcloud.firmware.model.CameraModel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The app partition's commit record: the last erase block of {@code app} holds a U-Boot
 * environment block ({@code sealVersion=1, version, size, sha256}) describing the app image at the
 * start of the partition. The updater erases it before it touches {@code app} and writes it last,
 * after the app image is verified; so "seal present and the image hashes to it" means the app
 * partition is whole, and anything else sends the system software to recovery mode. The seal
 * block lies beyond every model's app image and the backup kernel (the updater checks that).
 *
 * @param version firmware version of the app image
 * @param size    bytes of app image
 * @param sha256  hex SHA-256 of those bytes
 */
public record AppSeal(String version, long size, String sha256) {

    /** Bytes of the block at the end of {@code app} the seal occupies: one erase block. */
    public static long blockOffset(CameraModel model) {
        Partition app = model.layout().partition("app");
        return app.end() - model.eraseBlockSize();
    }

    /** Bytes at the start of {@code app} an app image may use. */
    public static long room(CameraModel model) {
        return blockOffset(model) - model.layout().partition("app").offset();
    }

    /** A seal for {@code image}. */
    public static AppSeal of(String version, byte[] image) {
        return new AppSeal(version, image.length, sha256Hex(image));
    }

    /** The seal on the chip; empty when erased or damaged. */
    public static Optional<AppSeal> read(FlashChip chip, CameraModel model) {
        try {
            Map<String, String> vars = UBootEnvironment.decode(chip.read(blockOffset(model), blockSize(model)));
            if (!"1".equals(vars.get("sealVersion"))) {
                return Optional.empty();
            }
            return Optional.of(new AppSeal(vars.get("version"), Long.parseLong(vars.get("size")), vars.get("sha256")));
        } catch (EnvFormatException | NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the app partition holds a whole app image of {@code version}: seal present, for that
     * version, and the image hashes to it.
     */
    public static boolean valid(FlashChip chip, CameraModel model, String version) {
        Optional<AppSeal> seal = read(chip, model);
        if (seal.isEmpty() || !seal.get().version().equals(version) || seal.get().size() < 0
                || seal.get().size() > room(model)) {
            return false;
        }
        byte[] image = chip.read(model.layout().partition("app").offset(), (int) seal.get().size());
        return sha256Hex(image).equals(seal.get().sha256());
    }

    /** The block's bytes (environment-block sized, the rest of the erase block stays erased). */
    public byte[] encode(CameraModel model) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("sealVersion", "1");
        vars.put("version", version);
        vars.put("size", Long.toString(size));
        vars.put("sha256", sha256);
        return UBootEnvironment.encode(vars, blockSize(model));
    }

    private static int blockSize(CameraModel model) {
        return Math.min(4096, model.eraseBlockSize());
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
