package camcloud.firmware.uimage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The 64-byte header of a legacy U-Boot image ({@code struct legacy_img_hdr}, all fields
 * big-endian):
 *
 * <pre>
 *   0  magic 0x27051956    4  header CRC32 (computed with this field zero)
 *   8  time (Unix seconds) 12 data size
 *  16  load address       20 entry point
 *  24  data CRC32         28 os, 29 arch, 30 type, 31 compression
 *  32  name, 32 bytes, NUL-padded (not terminated when it is exactly 32 bytes long)
 * </pre>
 *
 * @param headerCrc the stored header CRC
 * @param time      creation time, Unix seconds (unsigned 32 bits)
 * @param dataSize  bytes of data after the header
 * @param dataCrc   CRC32 of the data
 */
public record UImageHeader(long headerCrc, long time, long dataSize, long loadAddress, long entryPoint,
                           long dataCrc, UImageOs os, UImageArch arch, UImageType type,
                           UImageCompression compression, String name) {

    public static final int SIZE = 64;
    public static final int MAGIC = 0x27051956;
    /** {@code IH_NMLEN}: bytes of the name field. */
    public static final int NAME_LENGTH = 32;

    /**
     * A header for {@code data} with both CRCs computed.
     *
     * @throws UImageFormatException if the name is longer than 32 bytes or a number does not fit 32 bits
     */
    public static UImageHeader of(String name, UImageOs os, UImageArch arch, UImageType type,
                                  UImageCompression compression, long loadAddress, long entryPoint,
                                  long time, byte[] data) {
        checkU32("load address", loadAddress);
        checkU32("entry point", entryPoint);
        checkU32("time", time);
        checkU32("data size", data.length);
        if (name.getBytes(StandardCharsets.UTF_8).length > NAME_LENGTH) {
            throw new UImageFormatException("uImage name '" + name + "' is "
                    + name.getBytes(StandardCharsets.UTF_8).length + " bytes, at most " + NAME_LENGTH + " fit");
        }
        CRC32 crc = new CRC32();
        crc.update(data);
        UImageHeader unsigned = new UImageHeader(0, time, data.length, loadAddress, entryPoint, crc.getValue(),
                os, arch, type, compression, name);
        return unsigned.withHeaderCrc(crc(unsigned.toBytes()));
    }

    /**
     * Reads a header at {@code offset}; checks the magic, the header CRC and the type codes.
     *
     * @throws UImageFormatException with U-Boot's wording ("Bad Magic Number", "Bad Header Checksum")
     */
    public static UImageHeader parse(byte[] bytes, int offset) {
        if (offset < 0 || bytes.length - offset < SIZE) {
            throw new UImageFormatException("truncated uImage header: " + Math.max(0, bytes.length - offset)
                    + " bytes, need " + SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, SIZE).slice().order(ByteOrder.BIG_ENDIAN);
        int magic = b.getInt(0);
        if (magic != MAGIC) {
            throw new UImageFormatException(String.format("Bad Magic Number: 0x%08x, expected 0x%08x", magic, MAGIC));
        }
        long storedCrc = Integer.toUnsignedLong(b.getInt(4));
        byte[] copy = new byte[SIZE];
        System.arraycopy(bytes, offset, copy, 0, SIZE);
        copy[4] = copy[5] = copy[6] = copy[7] = 0;
        long actualCrc = crc(copy);
        if (storedCrc != actualCrc) {
            throw new UImageFormatException(String.format("Bad Header Checksum: stored 0x%08x, computed 0x%08x",
                    storedCrc, actualCrc));
        }
        int nameEnd = 0;
        while (nameEnd < NAME_LENGTH && copy[32 + nameEnd] != 0) {
            nameEnd++;
        }
        String name = new String(copy, 32, nameEnd, StandardCharsets.UTF_8);
        return new UImageHeader(storedCrc, u32(b, 8), u32(b, 12), u32(b, 16), u32(b, 20), u32(b, 24),
                code(UImageOs.fromCode(b.get(28) & 0xFF), "os", b.get(28)),
                code(UImageArch.fromCode(b.get(29) & 0xFF), "architecture", b.get(29)),
                code(UImageType.fromCode(b.get(30) & 0xFF), "image type", b.get(30)),
                code(UImageCompression.fromCode(b.get(31) & 0xFF), "compression", b.get(31)),
                name);
    }

    /** The 64 header bytes as stored, with {@link #headerCrc()} as it is. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.BIG_ENDIAN);
        b.putInt(MAGIC).putInt((int) headerCrc).putInt((int) time).putInt((int) dataSize)
                .putInt((int) loadAddress).putInt((int) entryPoint).putInt((int) dataCrc)
                .put((byte) os.code()).put((byte) arch.code()).put((byte) type.code()).put((byte) compression.code());
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        b.put(n, 0, Math.min(n.length, NAME_LENGTH));
        return b.array();
    }

    /** Total bytes of the image: header plus data. */
    public long imageSize() {
        return SIZE + dataSize;
    }

    private UImageHeader withHeaderCrc(long crc) {
        return new UImageHeader(crc, time, dataSize, loadAddress, entryPoint, dataCrc, os, arch, type,
                compression, name);
    }

    static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    private static <T> T code(java.util.Optional<T> value, String what, byte raw) {
        return value.orElseThrow(() -> new UImageFormatException("unknown uImage " + what + " code " + (raw & 0xFF)));
    }

    private static void checkU32(String what, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new UImageFormatException("uImage " + what + " " + value + " does not fit 32 bits");
        }
    }
}
