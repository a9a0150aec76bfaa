package camcloud.cloud.event;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/**
 * One H.264 keyframe (Annex B, with the stream's SPS and PPS) to a JPEG of the picture's visible
 * size: JCodec decodes it, the YUV 4:2:0 picture becomes RGB (BT.601), {@code javax.imageio} writes
 * the JPEG. CPU-bound, about a frame's decode time; the caller bounds how many run at once.
 */
final class KeyframeDecoder {

    private static final byte[] START_CODE = {0, 0, 0, 1};
    private static final float QUALITY = 0.8f;

    private KeyframeDecoder() {
    }

    /**
     * The JPEG of the keyframe, {@code width} x {@code height} (the stream's size); an IOException when
     * it does not decode.
     */
    static byte[] toJpeg(byte[] sps, byte[] pps, byte[] annexB, int width, int height) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(sps.length + pps.length + annexB.length + 8);
        data.put(START_CODE).put(sps).put(START_CODE).put(pps).put(annexB).flip();
        int mbWidth = (width + 15) / 16 * 16;
        int mbHeight = (height + 15) / 16 * 16;
        Picture picture;
        try {
            picture = new H264Decoder().decodeFrame(data,
                    Picture.create(mbWidth, mbHeight, ColorSpace.YUV420J).getData());
        } catch (RuntimeException e) { // JCodec throws what it meets in a broken stream
            throw new IOException("keyframe does not decode: " + e, e);
        }
        if (picture == null) {
            throw new IOException("keyframe does not decode to a picture");
        }
        return jpeg(rgb(picture, Math.min(width, picture.getWidth()), Math.min(height, picture.getHeight())));
    }

    private static BufferedImage rgb(Picture p, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        byte[] ys = p.getPlaneData(0);
        byte[] us = p.getPlaneData(1);
        byte[] vs = p.getPlaneData(2);
        int stride = p.getPlaneWidth(0);
        int cStride = p.getPlaneWidth(1);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int luma = ys[y * stride + x] + 128; // JCodec keeps samples as signed bytes around 0
                int c = (y >> 1) * cStride + (x >> 1);
                int u = us[c];
                int v = vs[c];
                int r = clamp(luma + ((91881 * v) >> 16));
                int g = clamp(luma - ((22554 * u + 46802 * v) >> 16));
                int b = clamp(luma + ((116130 * u) >> 16));
                row[x] = (r << 16) | (g << 8) | b;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("this JVM has no JPEG writer");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
