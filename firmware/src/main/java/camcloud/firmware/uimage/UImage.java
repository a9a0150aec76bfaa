package camcloud.firmware.uimage;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A legacy U-Boot image: {@link UImageHeader} followed by the data. The kernel partition holds one
 * (kernel plus initramfs rootfs), and {@code bootm} checks both CRCs before it jumps; the second
 * {@code bootm} of the boot script depends on a corrupt image failing exactly that check.
 *
 * <p>Reading accepts trailing bytes after {@code 64 + size} (the rest of a flash partition).
 */
public record UImage(UImageHeader header, byte[] data) {

    /** Builds an image with both CRCs computed. */
    public static UImage create(String name, UImageOs os, UImageArch arch, UImageType type,
                                UImageCompression compression, long loadAddress, long entryPoint, long time,
                                byte[] data) {
        return new UImage(UImageHeader.of(name, os, arch, type, compression, loadAddress, entryPoint, time, data),
                data.clone());
    }

    /**
     * Reads and fully checks the image at the start of {@code bytes}, as {@code bootm} with
     * {@code verify} on does.
     *
     * @throws UImageFormatException naming the first check that fails
     */
    public static UImage decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** {@link #decode(byte[])} of the image at {@code offset} in a region of {@code length} bytes. */
    public static UImage decode(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new UImageFormatException("region " + offset + "+" + length + " is outside the "
                    + bytes.length + "-byte buffer");
        }
        UImageHeader header = UImageHeader.parse(bytes, offset);
        long available = length - UImageHeader.SIZE;
        if (header.dataSize() > available) {
            throw new UImageFormatException("truncated uImage: header says " + header.dataSize()
                    + " data bytes, only " + available + " follow (" + (header.dataSize() - available) + " missing)");
        }
        int start = offset + UImageHeader.SIZE;
        byte[] data = Arrays.copyOfRange(bytes, start, start + (int) header.dataSize());
        CRC32 crc = new CRC32();
        crc.update(data);
        if (crc.getValue() != header.dataCrc()) {
            throw new UImageFormatException(String.format("Bad Data CRC: stored 0x%08x, computed 0x%08x",
                    header.dataCrc(), crc.getValue()));
        }
        return new UImage(header, data);
    }

    /**
     * What {@code bootm} with {@code verify} on would say about the image at {@code offset}: never
     * throws, so a boot interpreter can print U-Boot's message and run the next command.
     */
    public static UImageCheck check(byte[] bytes, int offset, int length) {
        try {
            UImage image = decode(bytes, offset, length);
            return new UImageCheck(UImageCheck.Status.OK, "OK", image.header());
        } catch (UImageFormatException e) {
            String m = e.getMessage();
            UImageCheck.Status status = m.startsWith("Bad Magic") ? UImageCheck.Status.BAD_MAGIC
                    : m.startsWith("Bad Header") ? UImageCheck.Status.BAD_HEADER_CRC
                    : m.startsWith("Bad Data") ? UImageCheck.Status.BAD_DATA_CRC
                    : m.startsWith("truncated") || m.startsWith("region") ? UImageCheck.Status.TRUNCATED
                    : UImageCheck.Status.UNSUPPORTED;
            return new UImageCheck(status, m, null);
        }
    }

    /** Header followed by data, exactly {@code 64 + data.length} bytes. */
    public byte[] toBytes() {
        byte[] out = new byte[UImageHeader.SIZE + data.length];
        System.arraycopy(header.toBytes(), 0, out, 0, UImageHeader.SIZE);
        System.arraycopy(data, 0, out, UImageHeader.SIZE, data.length);
        return out;
    }

    /** A copy of the data (the record's array is shared with the caller who created it otherwise). */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UImage other && header.equals(other.header) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return header.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "UImage[" + header + "]";
    }
}
