package camcloud.device.video;

/**
 * Seven-segment digits drawn straight into a luma plane, for the clock burned into the synthetic
 * picture. Our own glyphs, not {@code java.awt} fonts: a fresh headless machine may have no fonts.
 * A digit cell is {@code 6 x 10} units of {@code scale} pixels and a '+' as wide; a '-' is 4 units
 * wide (a 3-unit bar), a colon, dot or space 2 units; every cell is followed by one unit of spacing.
 */
public final class SegmentDigits {

    //                                     a      b      c      d      e      f      g
    private static final int A = 1, B = 2, C = 4, D = 8, E = 16, F = 32, G = 64;
    private static final int[] SEGMENTS = {
            A | B | C | D | E | F, B | C, A | B | G | E | D, A | B | G | C | D, F | G | B | C,
            A | F | G | C | D, A | F | G | E | C | D, A | B | C, A | B | C | D | E | F | G, A | B | C | D | F | G,
    };

    private SegmentDigits() {
    }

    /** Width in pixels of {@code text} (digits, ':', '.', '-', '+' and ' ') at {@code scale}. */
    public static int width(String text, int scale) {
        int units = 0;
        for (int i = 0; i < text.length(); i++) {
            units += cellUnits(text.charAt(i));
        }
        return units * scale;
    }

    private static int cellUnits(char c) {
        if (Character.isDigit(c) || c == '+') {
            return 7;
        }
        return c == '-' ? 5 : 3;
    }

    /** Height in pixels of a line at {@code scale}. */
    public static int height(int scale) {
        return 10 * scale;
    }

    /**
     * Draws {@code text} with its top-left corner at ({@code x}, {@code y}); pixels outside the plane
     * are skipped. {@code value} is the luma sample as JCodec stores it (pixel value minus 128).
     */
    public static void draw(byte[] plane, int stride, int planeHeight, int x, int y, int scale, String text, byte value) {
        int cx = x;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int s = scale;
            if (Character.isDigit(c)) {
                drawDigit(plane, stride, planeHeight, cx, y, s, SEGMENTS[c - '0'], value);
            } else if (c == ':') {
                fill(plane, stride, planeHeight, cx, y + 3 * s, s, s, value);
                fill(plane, stride, planeHeight, cx, y + 6 * s, s, s, value);
            } else if (c == '.') {
                fill(plane, stride, planeHeight, cx, y + 9 * s, s, s, value);
            } else if (c == '-') {
                fill(plane, stride, planeHeight, cx + s, y + 4 * s + s / 2, 3 * s, s, value);
            } else if (c == '+') {
                fill(plane, stride, planeHeight, cx, y + 4 * s + s / 2, 6 * s, s, value);
                fill(plane, stride, planeHeight, cx + 5 * s / 2, y + 2 * s, s, 6 * s, value);
            }
            cx += cellUnits(c) * s;
        }
    }

    private static void drawDigit(byte[] plane, int stride, int planeHeight, int x, int y, int s, int segments,
                                  byte value) {
        if ((segments & A) != 0) fill(plane, stride, planeHeight, x + s, y, 4 * s, s, value);
        if ((segments & B) != 0) fill(plane, stride, planeHeight, x + 5 * s, y + s, s, 4 * s, value);
        if ((segments & C) != 0) fill(plane, stride, planeHeight, x + 5 * s, y + 5 * s, s, 4 * s, value);
        if ((segments & D) != 0) fill(plane, stride, planeHeight, x + s, y + 9 * s, 4 * s, s, value);
        if ((segments & E) != 0) fill(plane, stride, planeHeight, x, y + 5 * s, s, 4 * s, value);
        if ((segments & F) != 0) fill(plane, stride, planeHeight, x, y + s, s, 4 * s, value);
        if ((segments & G) != 0) fill(plane, stride, planeHeight, x + s, y + 4 * s + s / 2, 4 * s, s, value);
    }

    public static void fill(byte[] plane, int stride, int planeHeight, int x, int y, int w, int h, byte value) {
        int x0 = Math.max(0, x);
        int x1 = Math.min(stride, x + w);
        int y0 = Math.max(0, y);
        int y1 = Math.min(planeHeight, y + h);
        for (int row = y0; row < y1; row++) {
            int base = row * stride;
            for (int col = x0; col < x1; col++) {
                plane[base + col] = value;
            }
        }
    }
}
