package camcloud.firmware.env;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * U-Boot's single-copy environment block, bit-exact with {@code env/common.c}:
 *
 * <pre>
 *   offset 0      CRC32 (little-endian, zlib polynomial) of bytes [4, size)
 *   offset 4      key=value\0key=value\0 … \0        (an empty string ends the list)
 *   …             padding up to size: 0x00 as U-Boot's saveenv writes, or 0xFF as mkenvimage does
 * </pre>
 *
 * <p>Used for the boot environment in the {@code boot} partition, and by the identity and settings
 * code for the {@code tech} and {@code config} partitions, so the same bytes can be read with
 * {@code fw_printenv} on a real camera.
 */
public final class UBootEnvironment {

    /** Bytes of the CRC in front of the data area. */
    public static final int CRC_SIZE = 4;

    private UBootEnvironment() {
    }

    /** {@link #encode(Map, int, byte)} with 0x00 padding, as U-Boot's own {@code saveenv} writes. */
    public static byte[] encode(Map<String, String> vars, int size) {
        return encode(vars, size, (byte) 0x00);
    }

    /**
     * Writes {@code vars} in insertion order into a block of {@code size} bytes.
     *
     * @throws EnvFormatException if a name or value cannot be stored, or the variables do not fit
     */
    public static byte[] encode(Map<String, String> vars, int size, byte padding) {
        byte[] block = new byte[size];
        byte[] data = EnvData.encode(vars, size - CRC_SIZE, padding);
        System.arraycopy(data, 0, block, CRC_SIZE, data.length);
        putCrc(block, 0, crc(data));
        return block;
    }

    /**
     * Reads a block written by U-Boot, {@code mkenvimage}, {@code fw_setenv} or {@link #encode}.
     *
     * @return the variables in the order they are stored (unmodifiable)
     * @throws EnvFormatException if the block is erased, too small, fails its CRC or is malformed
     */
    public static Map<String, String> decode(byte[] block) {
        if (block == null || block.length <= CRC_SIZE + 1) {
            throw new EnvFormatException("environment block too small: " + (block == null ? 0 : block.length)
                    + " bytes, need at least " + (CRC_SIZE + 2));
        }
        byte[] data = Arrays.copyOfRange(block, CRC_SIZE, block.length);
        checkCrc(block, 0, data);
        return EnvData.decode(data);
    }

    static void checkCrc(byte[] block, int crcOffset, byte[] data) {
        long stored = readCrc(block, crcOffset);
        if (EnvData.isErased(block)) {
            throw new EnvFormatException("environment block is erased (all " + block.length
                    + " bytes are 0xFF): nothing has been written there yet");
        }
        long actual = crc(data);
        if (stored != actual) {
            throw new EnvFormatException(String.format(
                    "environment CRC mismatch: stored 0x%08x, computed 0x%08x over %d data bytes",
                    stored, actual, data.length));
        }
    }

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    static long readCrc(byte[] block, int at) {
        return (block[at] & 0xFFL) | (block[at + 1] & 0xFFL) << 8 | (block[at + 2] & 0xFFL) << 16
                | (block[at + 3] & 0xFFL) << 24;
    }

    static void putCrc(byte[] block, int at, long crc) {
        block[at] = (byte) crc;
        block[at + 1] = (byte) (crc >>> 8);
        block[at + 2] = (byte) (crc >>> 16);
        block[at + 3] = (byte) (crc >>> 24);
    }

    /** The data area shared by the single-copy and redundant layouts. */
    static final class EnvData {

        private EnvData() {
        }

        static byte[] encode(Map<String, String> vars, int capacity, byte padding) {
            if (capacity < 2) {
                throw new EnvFormatException("environment size leaves " + capacity + " data bytes, need at least 2");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Map.Entry<String, String> e : vars.entrySet()) {
                String key = e.getKey();
                String value = e.getValue();
                if (key == null || key.isEmpty()) {
                    throw new EnvFormatException("environment variable with an empty name");
                }
                if (key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
                    throw new EnvFormatException("environment variable name '" + key + "' contains '=' or NUL");
                }
                if (value == null || value.indexOf('\0') >= 0) {
                    throw new EnvFormatException("environment variable '" + key + "' has a null value or a NUL byte");
                }
                out.writeBytes((key + "=" + value).getBytes(StandardCharsets.UTF_8));
                out.write(0);
            }
            out.write(0);
            byte[] used = out.toByteArray();
            if (used.length > capacity) {
                throw new EnvFormatException("environment variables need " + used.length + " bytes but only "
                        + capacity + " fit (" + (used.length - capacity) + " bytes too many)");
            }
            byte[] data = new byte[capacity];
            Arrays.fill(data, used.length, capacity, padding);
            System.arraycopy(used, 0, data, 0, used.length);
            return data;
        }

        static Map<String, String> decode(byte[] data) {
            Map<String, String> vars = new LinkedHashMap<>();
            int pos = 0;
            while (true) {
                if (pos >= data.length) {
                    throw new EnvFormatException("environment data is not terminated by an empty entry within "
                            + data.length + " bytes");
                }
                if (data[pos] == 0) {
                    return Collections.unmodifiableMap(vars);
                }
                int end = pos;
                while (end < data.length && data[end] != 0) {
                    end++;
                }
                if (end == data.length) {
                    throw new EnvFormatException("environment entry at data offset " + pos
                            + " runs to the end of the block without a NUL");
                }
                String entry = new String(data, pos, end - pos, StandardCharsets.UTF_8);
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new EnvFormatException("environment entry at data offset " + pos
                            + (eq == 0 ? " has an empty name" : " has no '='") + ": '" + shorten(entry) + "'");
                }
                vars.put(entry.substring(0, eq), entry.substring(eq + 1));
                pos = end + 1;
            }
        }

        static boolean isErased(byte[] block) {
            for (byte b : block) {
                if (b != (byte) 0xFF) {
                    return false;
                }
            }
            return true;
        }

        private static String shorten(String s) {
            return s.length() <= 40 ? s : s.substring(0, 40) + "…";
        }
    }
}
