package camcloud.firmware.uimage;

import java.util.Optional;

/** Image type byte of a legacy uImage ({@code IH_TYPE_*}); the ones camera firmware uses. */
public enum UImageType implements UImageField {
    INVALID(0, "invalid"),
    STANDALONE(1, "standalone"),
    KERNEL(2, "kernel"),
    RAMDISK(3, "ramdisk"),
    MULTI(4, "multi"),
    FIRMWARE(5, "firmware"),
    SCRIPT(6, "script"),
    FILESYSTEM(7, "filesystem"),
    FLATDT(8, "flat_dt"),
    KWBIMAGE(9, "kwbimage"),
    IMXIMAGE(10, "imximage"),
    UBLIMAGE(11, "ublimage"),
    OMAPIMAGE(12, "omapimage"),
    AISIMAGE(13, "aisimage"),
    KERNEL_NOLOAD(14, "kernel_noload");

    private final int code;
    private final String mkimageName;

    UImageType(int code, String mkimageName) {
        this.code = code;
        this.mkimageName = mkimageName;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String mkimageName() {
        return mkimageName;
    }

    /** The value stored as {@code code}, if it is one we know. */
    public static Optional<UImageType> fromCode(int code) {
        return UImageField.byCode(UImageType.class, code);
    }
}
