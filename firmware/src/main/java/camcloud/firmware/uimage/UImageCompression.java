package camcloud.firmware.uimage;

import java.util.Optional;

/** Compression byte of a legacy uImage ({@code IH_COMP_*}). Camera kernels are {@link #NONE}: a self-extracting zImage, so U-Boot can only fail such an image by its CRC. */
public enum UImageCompression implements UImageField {
    NONE(0, "none"),
    GZIP(1, "gzip"),
    BZIP2(2, "bzip2"),
    LZMA(3, "lzma"),
    LZO(4, "lzo"),
    LZ4(5, "lz4"),
    ZSTD(6, "zstd");

    private final int code;
    private final String mkimageName;

    UImageCompression(int code, String mkimageName) {
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
    public static Optional<UImageCompression> fromCode(int code) {
        return UImageField.byCode(UImageCompression.class, code);
    }
}
