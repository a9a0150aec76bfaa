package camcloud.device.flash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The 128 bytes at the end of a sparse flash file, after the chip's bytes: a magic, the chip size,
 * the name of the base image the bytes are stored against ({@link BaseImage}; empty for the erased
 * chip) and a CRC. A sparse file stores every chip byte XOR the base's byte, so a region equal to
 * the base is zeros on disk — a hole that costs no disk block.
 *
 * <p>A file of the older plain format is exactly the chip's size (a whole number of erase blocks)
 * and has no trailer; a file is taken for sparse only when its length is the size the trailer names
 * plus the trailer and the CRC holds.
 *
 * @param chipSize the chip's bytes in the file
 * @param baseName the base image's file name next to the flash file, or "" for the erased chip
 */
record SparseTrailer(long chipSize, String baseName) {

    static final int BYTES = 128;
    private static final byte[] MAGIC = "camcloud NOR flash, xor base, v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NAME_AT = MAGIC.length + Long.BYTES + 1;
    private static final int MAX_NAME = BYTES - NAME_AT - Integer.BYTES;
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]*");

    SparseTrailer {
        if (baseName.length() > MAX_NAME || !SAFE_NAME.matcher(baseName).matches()) {
            throw new IllegalArgumentException("base image name '" + baseName + "' is not a short plain file name");
        }
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        b.put(MAGIC).putLong(chipSize).put((byte) baseName.length()).put(baseName.getBytes(StandardCharsets.US_ASCII));
        b.putInt(BYTES - Integer.BYTES, crc(b.array()));
        return b.array();
    }

    /** The trailer of a sparse file, or empty when {@code file} is not one (an old plain file). */
    static Optional<SparseTrailer> read(FileChannel file) throws IOException {
        long length = file.size();
        if (length < BYTES) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.allocate(BYTES);
        while (b.hasRemaining()) {
            if (file.read(b, length - BYTES + b.position()) < 0) {
                return Optional.empty();
            }
        }
        byte[] bytes = b.array();
        if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                || b.getInt(BYTES - Integer.BYTES) != crc(bytes)) {
            return Optional.empty();
        }
        long size = b.getLong(MAGIC.length);
        int nameLength = bytes[MAGIC.length + Long.BYTES] & 0xFF;
        if (size != length - BYTES || nameLength > MAX_NAME) {
            return Optional.empty();
        }
        String name = new String(bytes, NAME_AT, nameLength, StandardCharsets.US_ASCII);
        if (!SAFE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(new SparseTrailer(size, name));
    }

    private static int crc(byte[] trailer) {
        CRC32 crc = new CRC32();
        crc.update(trailer, 0, BYTES - Integer.BYTES);
        return (int) crc.getValue();
    }
}
