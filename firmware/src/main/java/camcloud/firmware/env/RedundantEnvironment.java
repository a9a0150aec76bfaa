package camcloud.firmware.env;

import camcloud.firmware.env.UBootEnvironment.EnvData;
import java.util.Arrays;
import java.util.Map;

/**
 * U-Boot's redundant environment ({@code CONFIG_SYS_REDUNDAND_ENVIRONMENT}): two copies, each
 *
 * <pre>
 *   offset 0      CRC32 (little-endian) of bytes [5, size)
 *   offset 4      flag byte: a serial number, the higher one (modulo the 255→0 wrap) is current
 *   offset 5      key=value\0 … \0, padded
 * </pre>
 *
 * <p>A writer updates the older copy with the next serial, so a power cut in the middle of a write
 * leaves the other copy intact. {@link #select} applies U-Boot's rule from {@code env_import_redund}.
 */
public final class RedundantEnvironment {

    /** CRC plus flag byte. */
    public static final int HEADER_SIZE = 5;

    /** One decoded copy and its serial. */
    public record Copy(int flags, Map<String, String> vars) {
    }

    private RedundantEnvironment() {
    }

    /** One copy with serial {@code flags} (0–255), 0x00-padded as U-Boot writes it. */
    public static byte[] encode(Map<String, String> vars, int size, int flags) {
        return encode(vars, size, flags, (byte) 0x00);
    }

    /** One copy with serial {@code flags} (0–255) and the given padding byte. */
    public static byte[] encode(Map<String, String> vars, int size, int flags, byte padding) {
        if (flags < 0 || flags > 255) {
            throw new EnvFormatException("redundant environment flag must be 0-255, got " + flags);
        }
        byte[] block = new byte[size];
        byte[] data = EnvData.encode(vars, size - HEADER_SIZE, padding);
        System.arraycopy(data, 0, block, HEADER_SIZE, data.length);
        UBootEnvironment.putCrc(block, 0, UBootEnvironment.crc(data));
        block[4] = (byte) flags;
        return block;
    }

    /**
     * Reads one copy.
     *
     * @throws EnvFormatException if it is erased, fails its CRC or is malformed
     */
    public static Copy decode(byte[] block) {
        if (block == null || block.length <= HEADER_SIZE + 1) {
            throw new EnvFormatException("redundant environment copy too small: "
                    + (block == null ? 0 : block.length) + " bytes, need at least " + (HEADER_SIZE + 2));
        }
        byte[] data = Arrays.copyOfRange(block, HEADER_SIZE, block.length);
        UBootEnvironment.checkCrc(block, 0, data);
        return new Copy(block[4] & 0xFF, EnvData.decode(data));
    }

    /**
     * The current environment of two copies, as U-Boot chooses it: a copy that fails to decode is
     * ignored; of two good copies the one with the higher serial wins, where 0 after 255 counts as
     * higher; equal serials pick the first.
     *
     * @throws EnvFormatException if neither copy is good, with both reasons
     */
    public static Copy select(byte[] first, byte[] second) {
        Copy a = null;
        Copy b = null;
        String whyA = null;
        String whyB = null;
        try {
            a = decode(first);
        } catch (EnvFormatException e) {
            whyA = e.getMessage();
        }
        try {
            b = decode(second);
        } catch (EnvFormatException e) {
            whyB = e.getMessage();
        }
        if (a == null && b == null) {
            throw new EnvFormatException("both environment copies are bad: first: " + whyA + "; second: " + whyB);
        }
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.flags() == 255 && b.flags() == 0) {
            return b;
        }
        if (b.flags() == 255 && a.flags() == 0) {
            return a;
        }
        return b.flags() > a.flags() ? b : a;
    }
}
