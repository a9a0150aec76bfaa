package camcloud.firmware.layout;

import java.util.Locale;

/**
 * Byte counts as {@code mtdparts} and U-Boot's {@code memparse} write them: decimal or {@code 0x}
 * hex, optionally followed by {@code K}, {@code M} or {@code G} (binary multiples).
 */
public final class SizeText {

    private SizeText() {
    }

    /**
     * Parses {@code 256K}, {@code 0x40000}, {@code 4M}, {@code 262144}.
     *
     * @throws LayoutException if the text is not such a number
     */
    public static long parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new LayoutException("empty size");
        }
        long multiplier = 1;
        char last = Character.toUpperCase(text.charAt(text.length() - 1));
        String digits = text;
        if (last == 'K' || last == 'M' || last == 'G') {
            multiplier = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
            digits = text.substring(0, text.length() - 1);
        }
        try {
            long value = digits.toLowerCase(Locale.ROOT).startsWith("0x")
                    ? Long.parseLong(digits.substring(2), 16)
                    : Long.parseLong(digits);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(value, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new LayoutException("unreadable size '" + text + "' (expected e.g. 256K, 4M, 0x40000)");
        }
    }

    /** The shortest exact form: {@code 4096K} stays in K like mtdparts tables usually write it, 16M in M. */
    public static String format(long bytes) {
        if (bytes != 0 && bytes % (1L << 20) == 0 && bytes >= (16L << 20)) {
            return (bytes >> 20) + "M";
        }
        if (bytes != 0 && bytes % 1024 == 0) {
            return (bytes >> 10) + "K";
        }
        return Long.toString(bytes);
    }
}
