package camcloud.device.analytics;

import camcloud.device.video.RawPicture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A picture kept for an event's snapshot: the YUV planes copied on the clock thread (the source
 * reuses its arrays), already scaled down by a whole factor to at most {@value #MAX_WIDTH} pixels wide
 * so a 720p picture costs 345 KB while it waits, not 1.4 MB; {@link #jpeg()} converts it to RGB and
 * encodes it with {@code javax.imageio} on another thread.
 */
public final class Snapshot {

    public static final int MAX_WIDTH = 640;
    private static final float QUALITY = 0.8f;

    private final int width;
    private final int height;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;

    private Snapshot(int width, int height, byte[] y, byte[] u, byte[] v) {
        this.width = width;
        this.height = height;
        this.y = y;
        this.u = u;
        this.v = v;
    }

    /** Copies {@code picture}, every {@code step}-th sample, step the smallest whole factor that fits. */
    public static Snapshot of(RawPicture picture) {
        int step = Math.max(1, (picture.width() + MAX_WIDTH - 1) / MAX_WIDTH);
        int w = picture.width() / step & ~1;
        int h = picture.height() / step & ~1;
        byte[] y = new byte[w * h];
        byte[] u = new byte[(w / 2) * (h / 2)];
        byte[] v = new byte[u.length];
        int srcW = picture.width();
        for (int row = 0; row < h; row++) {
            int src = row * step * srcW;
            int dst = row * w;
            for (int col = 0; col < w; col++) {
                y[dst + col] = picture.y()[src + col * step];
            }
        }
        int srcCw = srcW / 2;
        for (int row = 0; row < h / 2; row++) {
            int src = row * step * srcCw;
            int dst = row * (w / 2);
            for (int col = 0; col < w / 2; col++) {
                u[dst + col] = picture.u()[src + col * step];
                v[dst + col] = picture.v()[src + col * step];
            }
        }
        return new Snapshot(w, h, y, u, v);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Bytes this copy holds while it waits to be encoded. */
    public int bytes() {
        return y.length + u.length + v.length;
    }

    /** BT.601 YUV (JCodec's signed samples: value - 128) to RGB, encoded as a JPEG. */
    public byte[] jpeg() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = new int[width];
        int cw = width / 2;
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                double luma = y[row * width + col] + 128;
                int c = (row / 2) * cw + col / 2;
                double cb = u[c];
                double cr = v[c];
                int r = clamp(luma + 1.402 * cr);
                int g = clamp(luma - 0.344136 * cb - 0.714136 * cr);
                int b = clamp(luma + 1.772 * cb);
                rgb[col] = r << 16 | g << 8 | b;
            }
            image.setRGB(0, row, width, 1, rgb, 0, width);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 << 10);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a snapshot failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static int clamp(double value) {
        return value < 0 ? 0 : value > 255 ? 255 : (int) (value + 0.5);
    }
}
