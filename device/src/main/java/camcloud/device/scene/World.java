package camcloud.device.scene;

import camcloud.device.video.SegmentDigits;

import java.util.SplittableRandom;

/**
 * The static world around the virtual camera, as a panorama in degrees: sky with clouds, a row of
 * buildings and trees on the horizon, grass, a road in front, and the pan angle written on the grass
 * every 30° (so a person driving the head sees where it points). It covers every direction the head
 * can look — pan -170..170, tilt -20..90 — plus half a field of view around that, and is drawn once
 * per process, deterministically, and shared by every scene (it is never written after
 * construction).
 *
 * <p>Coordinates: {@value #PIXELS_PER_DEGREE} panorama pixels per degree; column 0 is pan
 * {@value #PAN_LEFT}°, row 0 is tilt {@value #TILT_TOP}°, and the horizon (tilt 0) is a straight row —
 * a cylindrical panorama, which a view turning on its pan axis slides across without distortion.
 * Samples follow JCodec's 8-bit convention (value minus 128), chroma at half resolution (4:2:0).
 * About 5.6 MB.
 */
final class World {

    static final int PIXELS_PER_DEGREE = 8;
    static final int PAN_LEFT = -200;
    static final int PAN_RIGHT = 200;
    static final int TILT_TOP = 108;
    static final int TILT_BOTTOM = -38;
    static final int WIDTH = (PAN_RIGHT - PAN_LEFT) * PIXELS_PER_DEGREE;
    static final int HEIGHT = (TILT_TOP - TILT_BOTTOM) * PIXELS_PER_DEGREE;

    final byte[] y = new byte[WIDTH * HEIGHT];
    final byte[] u = new byte[(WIDTH / 2) * (HEIGHT / 2)];
    final byte[] v = new byte[(WIDTH / 2) * (HEIGHT / 2)];

    private static final class Shared {
        static final World WORLD = new World();
    }

    /** The process's one world, drawn on first use (a few hundred milliseconds). */
    static World shared() {
        return Shared.WORLD;
    }

    private World() {
        SplittableRandom random = new SplittableRandom(0xC0FFEE_5CE4EL);
        drawSkyAndGround(random);
        drawClouds(random);
        drawRoad();
        drawSkyline(random);
        drawPanMarkers();
    }

    static int column(double pan) {
        return (int) Math.round((pan - PAN_LEFT) * PIXELS_PER_DEGREE);
    }

    static int row(double tilt) {
        return (int) Math.round((TILT_TOP - tilt) * PIXELS_PER_DEGREE);
    }

    private void drawSkyAndGround(SplittableRandom random) {
        int horizon = row(0);
        for (int r = 0; r < HEIGHT; r++) {
            for (int c = 0; c < WIDTH; c++) {
                int luma;
                if (r < horizon) {
                    luma = 120 + 85 * r / horizon; // deep blue overhead, pale at the horizon
                } else {
                    // grass in 8x8 tufts, a little lighter or darker each
                    long tuft = ((long) (r >> 3) * 7919 + (c >> 3)) * 0x9E3779B97F4A7C15L;
                    luma = 95 + (int) ((tuft >>> 59) - 16) / 2;
                }
                y[r * WIDTH + c] = (byte) (luma - 128);
            }
        }
        for (int r = 0; r < HEIGHT / 2; r++) {
            boolean sky = r * 2 < horizon;
            for (int c = 0; c < WIDTH / 2; c++) {
                int at = r * (WIDTH / 2) + c;
                u[at] = (byte) ((sky ? 165 - 20 * r * 2 / horizon : 100) - 128);
                v[at] = (byte) ((sky ? 100 + 12 * r * 2 / horizon : 108) - 128);
            }
        }
    }

    private void drawClouds(SplittableRandom random) {
        for (int i = 0; i < 14; i++) {
            double pan = PAN_LEFT + random.nextDouble() * (PAN_RIGHT - PAN_LEFT);
            double tilt = 18 + random.nextDouble() * 70;
            double halfWidth = (5 + random.nextDouble() * 8) * PIXELS_PER_DEGREE;
            double halfHeight = (1.5 + random.nextDouble() * 2) * PIXELS_PER_DEGREE;
            int cx = column(pan);
            int cy = row(tilt);
            for (int r = (int) (cy - halfHeight); r <= cy + halfHeight; r++) {
                for (int c = (int) (cx - halfWidth); c <= cx + halfWidth; c++) {
                    double dx = (c - cx) / halfWidth;
                    double dy = (r - cy) / halfHeight;
                    if (dx * dx + dy * dy <= 1) {
                        int shade = (int) (235 - 20 * Math.max(0, dy)); // a little grey underneath
                        paint(c, r, shade, 128, 128);
                    }
                }
            }
        }
    }

    /** A grey road from tilt -8 to -16 across the whole world, with a dashed white centre line. */
    private void drawRoad() {
        fillRect(column(PAN_LEFT), row(-8), WIDTH, row(-16) - row(-8), rgb(85, 85, 90));
        int line = row(-12.25);
        for (int c = 0; c < WIDTH; c += 6 * PIXELS_PER_DEGREE) {
            fillRect(c, line, 3 * PIXELS_PER_DEGREE, PIXELS_PER_DEGREE / 2, rgb(235, 235, 235));
        }
    }

    /** Buildings with windows and trees between them, standing on the horizon. */
    private void drawSkyline(SplittableRandom random) {
        int[][] walls = {{150, 70, 50}, {210, 190, 150}, {140, 140, 150}, {100, 120, 150}, {190, 150, 110}};
        double pan = PAN_LEFT + 2;
        while (pan < PAN_RIGHT - 10) {
            double width = 10 + random.nextDouble() * 18;
            double height = 6 + random.nextDouble() * 16;
            int[] wall = walls[random.nextInt(walls.length)];
            int left = column(pan);
            int top = row(height);
            int bottom = row(-1);
            fillRect(left, top, column(pan + width) - left, bottom - top, rgb(wall[0], wall[1], wall[2]));
            for (double wy = height - 2; wy > 1; wy -= 3) {
                for (double wx = pan + 1.5; wx + 1.5 < pan + width - 1; wx += 3) {
                    boolean lit = random.nextInt(5) == 0;
                    fillRect(column(wx), row(wy), (int) (1.5 * PIXELS_PER_DEGREE), 2 * PIXELS_PER_DEGREE,
                            lit ? rgb(230, 210, 120) : rgb(45, 50, 60));
                }
            }
            pan += width;
            double gap = 3 + random.nextDouble() * 10;
            for (double tree = pan + 2.5; tree < pan + gap - 2; tree += 5) {
                drawTree(tree, 2.5 + random.nextDouble() * 1.5);
            }
            pan += gap;
        }
    }

    private void drawTree(double pan, double radius) {
        fillRect(column(pan - 0.4), row(4), (int) (0.8 * PIXELS_PER_DEGREE), row(-1) - row(4), rgb(100, 70, 40));
        int cx = column(pan);
        int cy = row(4 + radius * 0.8);
        double r = radius * PIXELS_PER_DEGREE;
        int[] leaves = rgb(40, 120, 45);
        for (int row = (int) (cy - r); row <= cy + r; row++) {
            for (int c = (int) (cx - r); c <= cx + r; c++) {
                double dx = c - cx;
                double dy = row - cy;
                if (dx * dx + dy * dy <= r * r) {
                    paint(c, row, leaves[0] + (((c >> 2) + (row >> 2)) % 3) * 6, leaves[1], leaves[2]);
                }
            }
        }
    }

    /** The pan angle on the grass every 30°, white on a dark plate, so a turning head shows where it points. */
    private void drawPanMarkers() {
        int scale = 3;
        for (int pan = -180; pan <= 180; pan += 30) {
            String label = Integer.toString(pan);
            int w = SegmentDigits.width(label, scale);
            int h = SegmentDigits.height(scale);
            int x = column(pan) - w / 2;
            int top = row(-2.5); // on the grass between the buildings and the road, in the home view
            fillRect(x - 2 * scale, top - 2 * scale, w + 4 * scale, h + 4 * scale, rgb(30, 30, 30));
            SegmentDigits.draw(y, WIDTH, HEIGHT, x, top, scale, label, (byte) (235 - 128));
        }
    }

    private void fillRect(int x, int top, int w, int h, int[] yuv) {
        for (int r = Math.max(0, top); r < Math.min(HEIGHT, top + h); r++) {
            for (int c = Math.max(0, x); c < Math.min(WIDTH, x + w); c++) {
                paint(c, r, yuv[0], yuv[1], yuv[2]);
            }
        }
    }

    /** Sets one luma sample and, on even rows and columns, the chroma sample it shares with its neighbours. */
    private void paint(int c, int r, int luma, int cb, int cr) {
        if (c < 0 || c >= WIDTH || r < 0 || r >= HEIGHT) {
            return;
        }
        y[r * WIDTH + c] = (byte) (clamp(luma) - 128);
        if ((r & 1) == 0 && (c & 1) == 0) {
            int at = (r / 2) * (WIDTH / 2) + c / 2;
            u[at] = (byte) (clamp(cb) - 128);
            v[at] = (byte) (clamp(cr) - 128);
        }
    }

    /** Full-range BT.601 (JPEG) Y, Cb, Cr of an RGB colour, as JCodec's YUV420J holds them. */
    static int[] rgb(int r, int g, int b) {
        int luma = (int) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
        int cb = (int) Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        int cr = (int) Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
        return new int[] {clamp(luma), clamp(cb), clamp(cr)};
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
