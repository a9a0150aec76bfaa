package camcloud.device.video;

import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

import java.util.SplittableRandom;

/**
 * Draws the synthetic scene into YUV 4:2:0 planes: a sky-and-ground background, coloured boxes and a
 * ball moving on smooth paths, and the scene variant's number. The scene is a function of the frame
 * index only, and every path is periodic over the loop, so the last frame of a loop flows into the
 * first.
 *
 * <p>The top {@code bandHeight} rows belong to the clock band ({@link ClockBand}), which covers them
 * in every picture: objects move below it and the variant number sits just under it, top right.
 * {@code variant} picks the objects' colours, sizes and paths (deterministically), so cameras with
 * different variants show different scenes.
 *
 * <p>Samples are stored as JCodec expects for 8-bit pictures: pixel value minus 128.
 */
final class SceneRenderer {

    private static final int OBJECTS = 4;

    private final SceneSettings settings;
    private final int loopFrames;
    private final int variant;
    private final int bandHeight;
    private final Mover[] movers = new Mover[OBJECTS + 1];
    private final byte[] background;
    private final byte[] backgroundU;
    private final byte[] backgroundV;

    SceneRenderer(SceneSettings settings, int variant, int bandHeight) {
        this.settings = settings;
        this.loopFrames = settings.loopFrames();
        this.variant = variant;
        this.bandHeight = bandHeight;
        SplittableRandom random = new SplittableRandom(0x5CE11EL * 31 + variant);
        for (int i = 0; i < movers.length; i++) {
            movers[i] = Mover.random(random, settings.width(), settings.height() - bandHeight, bandHeight,
                    i == OBJECTS);
        }
        int w = settings.width();
        int h = settings.height();
        background = new byte[w * h];
        backgroundU = new byte[(w / 2) * (h / 2)];
        backgroundV = new byte[(w / 2) * (h / 2)];
        int horizon = h * 3 / 5;
        for (int y = 0; y < h; y++) {
            int luma = y < horizon ? 200 - 80 * y / horizon : 70;
            for (int x = 0; x < w; x++) {
                int texture = y >= horizon && (((x >> 4) + (y >> 4)) & 1) == 0 ? 12 : 0;
                background[y * w + x] = (byte) (luma + texture - 128);
            }
        }
        for (int y = 0; y < h / 2; y++) {
            boolean sky = y * 2 < horizon;
            for (int x = 0; x < w / 2; x++) {
                backgroundU[y * (w / 2) + x] = (byte) ((sky ? 150 : 110) - 128);
                backgroundV[y * (w / 2) + x] = (byte) ((sky ? 110 : 120) - 128);
            }
        }
    }

    int gopFrames() {
        return settings.gopFrames();
    }

    /** A fresh picture of the scene's size in the colour space the encoder takes. */
    Picture newPicture() {
        return Picture.create(settings.width(), settings.height(), ColorSpace.YUV420J);
    }

    /** Draws frame {@code index} (0 .. loopFrames-1) of the loop into {@code picture}. */
    void draw(int index, Picture picture) {
        byte[] y = picture.getPlaneData(0);
        byte[] u = picture.getPlaneData(1);
        byte[] v = picture.getPlaneData(2);
        int w = settings.width();
        int h = settings.height();
        System.arraycopy(background, 0, y, 0, background.length);
        System.arraycopy(backgroundU, 0, u, 0, backgroundU.length);
        System.arraycopy(backgroundV, 0, v, 0, backgroundV.length);

        double phase = (double) index / loopFrames;
        for (Mover mover : movers) {
            mover.draw(phase, y, u, v, w, h);
        }
        drawVariant(y, u, v, w, h);
    }

    private void drawVariant(byte[] y, byte[] u, byte[] v, int w, int h) {
        int scale = Math.max(1, h / 120);
        int pad = 2 * scale;
        String label = Integer.toString(variant);
        drawLabel(label, w - SegmentDigits.width(label, scale) - 3 * pad, bandHeight + pad, scale, y, u, v, w, h);
    }

    /** White seven-segment text on a black box with its top-left corner at (x, top). */
    private static void drawLabel(String text, int x, int top, int scale, byte[] y, byte[] u, byte[] v, int w, int h) {
        int pad = 2 * scale;
        int boxW = SegmentDigits.width(text, scale) + 2 * pad;
        int boxH = SegmentDigits.height(scale) + 2 * pad;
        SegmentDigits.fill(y, w, h, x, top, boxW, boxH, (byte) (16 - 128));
        SegmentDigits.fill(u, w / 2, h / 2, x / 2, top / 2, (boxW + 1) / 2, (boxH + 1) / 2, (byte) 0);
        SegmentDigits.fill(v, w / 2, h / 2, x / 2, top / 2, (boxW + 1) / 2, (boxH + 1) / 2, (byte) 0);
        SegmentDigits.draw(y, w, h, x + pad, top + pad, scale, text, (byte) (235 - 128));
    }

    /** One moving object: a box or a ball, its colour, and a periodic path (whole cycles per loop). */
    private record Mover(boolean ball, int size, int lumaValue, int uValue, int vValue,
                         double cx, double cy, double ax, double ay, int kx, int ky, double px, double py) {

        /** A mover that stays inside the {@code w x h} area whose top is at row {@code top}. */
        static Mover random(SplittableRandom random, int w, int h, int top, boolean ball) {
            int size = Math.max(8, (int) (Math.min(w, h) * (0.08 + random.nextDouble() * 0.12)));
            int r = random.nextInt(40, 256);
            int g = random.nextInt(40, 256);
            int b = random.nextInt(40, 256);
            int luma = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
            int cb = clamp((int) Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b));
            int cr = clamp((int) Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b));
            double ax = (w - size) / 2.0 * (0.5 + random.nextDouble() * 0.5);
            double ay = (h - size) / 2.0 * (0.5 + random.nextDouble() * 0.5);
            return new Mover(ball, size, luma, cb, cr, w / 2.0, top + h / 2.0, ax, ay,
                    random.nextInt(1, 4), random.nextInt(1, 3),
                    random.nextDouble() * 2 * Math.PI, random.nextDouble() * 2 * Math.PI);
        }

        void draw(double phase, byte[] y, byte[] u, byte[] v, int w, int h) {
            int left = (int) Math.round(cx + ax * Math.sin(2 * Math.PI * kx * phase + px) - size / 2.0);
            int top = (int) Math.round(cy + ay * Math.sin(2 * Math.PI * ky * phase + py) - size / 2.0);
            if (!ball) {
                SegmentDigits.fill(y, w, h, left, top, size, size, (byte) (lumaValue - 128));
                SegmentDigits.fill(u, w / 2, h / 2, left / 2, top / 2, size / 2, size / 2, (byte) (uValue - 128));
                SegmentDigits.fill(v, w / 2, h / 2, left / 2, top / 2, size / 2, size / 2, (byte) (vValue - 128));
                return;
            }
            double radius = size / 2.0;
            for (int row = Math.max(0, top); row < Math.min(h, top + size); row++) {
                double dy = row - top - radius + 0.5;
                for (int col = Math.max(0, left); col < Math.min(w, left + size); col++) {
                    double dx = col - left - radius + 0.5;
                    if (dx * dx + dy * dy <= radius * radius) {
                        y[row * w + col] = (byte) (lumaValue - 128);
                        if ((row & 1) == 0 && (col & 1) == 0) {
                            u[(row / 2) * (w / 2) + col / 2] = (byte) (uValue - 128);
                            v[(row / 2) * (w / 2) + col / 2] = (byte) (vValue - 128);
                        }
                    }
                }
            }
        }

        private static int clamp(int value) {
            return Math.max(16, Math.min(240, value));
        }
    }
}
