package camcloud.device.analytics;

import camcloud.device.video.RawPicture;

/**
 * Hand-made raw pictures for detector tests: a textured background, one coloured square, a light
 * level that scales the whole picture, and an audio level.
 */
final class TestPictures {

    static final int W = 640;
    static final int H = 360;

    private TestPictures() {
    }

    /**
     * @param squareX left edge of an 80x80 red square at y 140 (no square when below -80)
     * @param light   0..1, scales the picture's luma and chroma
     */
    static RawPicture picture(long micros, int squareX, double light, double audioDbfs, boolean headMoving) {
        byte[] y = new byte[W * H];
        byte[] u = new byte[(W / 2) * (H / 2)];
        byte[] v = new byte[u.length];
        double gain = 0.1 + 0.9 * light;
        for (int row = 0; row < H; row++) {
            for (int col = 0; col < W; col++) {
                int base = ((row / 32 + col / 32) % 2 == 0 ? 70 : 130) + col / 16;
                boolean inSquare = col >= squareX && col < squareX + 80 && row >= 140 && row < 220;
                int luma = inSquare ? 81 : base;
                y[row * W + col] = (byte) ((int) (luma * gain) - 128);
                if (row % 2 == 0 && col % 2 == 0) {
                    int c = (row / 2) * (W / 2) + col / 2;
                    u[c] = (byte) (int) ((inSquare ? -38 : 0) * gain);
                    v[c] = (byte) (int) ((inSquare ? 112 : 0) * gain);
                }
            }
        }
        return new RawPicture(W, H, y, u, v, micros, 1_700_000_000_000L + micros / 1000, light, audioDbfs, headMoving);
    }
}
