package camcloud.device.provision;

import camcloud.device.flash.FlashChip;
import camcloud.device.updater.AppSeal;
import camcloud.firmware.build.BuildInputs;
import camcloud.firmware.build.BuildRequest;
import camcloud.firmware.build.Firmware;
import camcloud.firmware.build.FirmwareBuilder;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.model.CameraModel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the factory programs into a new chip before the identity: the model's full flash image of
 * the factory build ({@link #VERSION}, stand-in kernel and app, fixed build time so every camera of
 * a model gets identical bytes) plus the app partition's {@link AppSeal}, so the camera boots into
 * normal mode. Images are built once per model per process (a fleet provisions thousands).
 */
public final class FactoryImage {

    /** The firmware version cameras leave the factory with; the same as {@code VirtualCamera.FACTORY_FIRMWARE}. */
    public static final String VERSION = "0.1.0";

    /** uImage time of the factory build: fixed, so the image is reproducible. */
    private static final long BUILD_TIME = 1_767_225_600L;

    private static final Map<String, byte[]> IMAGES = new ConcurrentHashMap<>();

    private FactoryImage() {
    }

    /** The full chip contents for {@code model} (do not modify the returned array). */
    public static byte[] forModel(CameraModel model) {
        return IMAGES.computeIfAbsent(model.id(), id -> build(model));
    }

    /**
     * Programs the factory image over the whole chip. A new sparse chip takes the image as its base
     * ({@link FlashChip#adoptBase}): one copy on disk for every camera of the model in a directory.
     */
    public static void write(FlashChip chip, CameraModel model) {
        byte[] image = forModel(model);
        if (!chip.adoptBase(image)) {
            chip.rewrite(0, chip.size(), image);
        }
    }

    private static byte[] build(CameraModel model) {
        Firmware firmware = FirmwareBuilder.build(model, new BuildRequest(FirmwareVersion.parse(VERSION), 0, BUILD_TIME,
                BuildInputs.standIns()));
        byte[] image = firmware.flashImage();
        byte[] seal = AppSeal.of(VERSION, firmware.app()).encode(model);
        System.arraycopy(seal, 0, image, (int) AppSeal.blockOffset(model), seal.length);
        return image;
    }
}
