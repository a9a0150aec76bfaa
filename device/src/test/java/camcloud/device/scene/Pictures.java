package camcloud.device.scene;

import camcloud.device.video.RawPicture;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** What tests measure on rendered pictures, and a PNG of one for a person to look at. */
final class Pictures {

    private Pictures() {
    }

    /** A copy of a picture's planes (the scene reuses its arrays for the next picture). */
    record Planes(int width, int height, byte[] y, byte[] u, byte[] v) {
        static Planes of(RawPicture picture) {
            return new Planes(picture.width(), picture.height(), picture.y().clone(), picture.u().clone(),
                    picture.v().clone());
        }

        int luma(int x, int row) {
            return (y[row * width + x] & 0xff) ^ 0x80; // back from JCodec's "minus 128"
        }

        double meanLuma() {
            long sum = 0;
            for (byte b : y) {
                sum += b + 128;
            }
            return (double) sum / y.length;
        }

        /** Mean luma of columns [x0, x1) over rows [r0, r1). */
        double meanLuma(int x0, int x1, int r0, int r1) {
            long sum = 0;
            for (int r = r0; r < r1; r++) {
                for (int x = x0; x < x1; x++) {
                    sum += luma(x, r);
                }
            }
            return (double) sum / ((long) (x1 - x0) * (r1 - r0));
        }

        /** Largest distance of any chroma sample from neutral. */
        int chromaSpread() {
            int spread = 0;
            for (int i = 0; i < u.length; i++) {
                spread = Math.max(spread, Math.max(Math.abs(u[i]), Math.abs(v[i])));
            }
            return spread;
        }

        /** Writes a PNG under target/scene-pictures (for people; tests never read it). */
        void png(String name) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int r = 0; r < height; r++) {
                for (int x = 0; x < width; x++) {
                    double luma = y[r * width + x] + 128;
                    double cb = u[(r / 2) * (width / 2) + x / 2];
                    double cr = v[(r / 2) * (width / 2) + x / 2];
                    int red = clamp(luma + 1.402 * cr);
                    int green = clamp(luma - 0.344136 * cb - 0.714136 * cr);
                    int blue = clamp(luma + 1.772 * cb);
                    image.setRGB(x, r, red << 16 | green << 8 | blue);
                }
            }
            try {
                Path dir = Path.of("target", "scene-pictures");
                Files.createDirectories(dir);
                ImageIO.write(image, "png", dir.resolve(name + ".png").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int clamp(double value) {
            return (int) Math.max(0, Math.min(255, Math.round(value)));
        }
    }
}
