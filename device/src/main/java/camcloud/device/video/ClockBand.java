package camcloud.device.video;

import camcloud.media.h264.AnnexB;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The clock band of a split picture ({@link PictureSplit}): a black strip across the top with the
 * capture time in white seven-segment digits, {@code 2026-11-23 14:03:07 +01:00} — the camera's
 * local date and time and its offset from UTC, so the picture says unambiguously when it was taken.
 * It is drawn and intra-coded by JCodec as a picture of its own, then spliced into the loop's
 * pictures as their first slice ({@link EncodedLoop#accessUnit(int, CodedSlice)}).
 *
 * <p>A band is encoded once per distinct label, that is once per second, and shared through a
 * {@link ClockBandCache} by every camera with the same picture size.
 */
final class ClockBand {

    /** What a picture shows when no clock is spliced in ({@link EncodedLoop#accessUnit(int)}). */
    static final String NO_CLOCK = "---------- --:--:--";

    /** Text at this QP is crisp; a band is a few kilobytes once a second. */
    private static final int QP = 26;
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx");
    private static final byte BLACK = (byte) (16 - 128);
    private static final byte WHITE = (byte) (235 - 128);

    private final PictureSplit split;

    ClockBand(PictureSplit split) {
        this.split = split;
    }

    /** The label of the second that {@code epochMillis} falls in, in {@code zone}. */
    static String label(long epochMillis, ZoneId zone) {
        return LABEL.format(Instant.ofEpochMilli(Math.floorDiv(epochMillis, 1000) * 1000).atZone(zone));
    }

    /** Draws the band showing {@code label} into {@code band} ({@link PictureSplit#newBandPicture()}). */
    void draw(String label, Picture band) {
        Arrays.fill(band.getPlaneData(0), BLACK);
        Arrays.fill(band.getPlaneData(1), (byte) 0);
        Arrays.fill(band.getPlaneData(2), (byte) 0);
        int height = split.bandHeight();
        int units = SegmentDigits.width(label, 1);
        int scale = Math.max(1, Math.min(split.bandRows(), (split.width() - 4) / (units + 4)));
        int top = (height - SegmentDigits.height(scale)) / 2;
        SegmentDigits.draw(band.getPlaneData(0), split.width(), height, 2 * scale, top, scale, label, WHITE);
    }

    /** Draws and intra-codes the band showing {@code label}: about a millisecond per 100 macroblocks. */
    CodedSlice encode(String label) {
        Picture band = split.newBandPicture();
        draw(label, band);
        H264Encoder encoder = new H264Encoder(new ConstantQp());
        ByteBuffer out = encoder.encodeIDRFrame(band,
                ByteBuffer.allocate(Math.max(1 << 16, split.width() * split.bandHeight() * 2)));
        byte[] annexB = new byte[out.remaining()];
        out.get(annexB);
        SeqParameterSet sps = null;
        try {
            for (NalUnit unit : AnnexB.split(annexB)) {
                if (unit.type() == NalUnitType.SPS) {
                    sps = CodedSlice.readSps(unit.bytes());
                } else if (unit.type() == NalUnitType.IDR_SLICE && sps != null) {
                    return CodedSlice.parse(unit.bytes(), sps);
                }
            }
        } catch (MalformedH264Exception e) {
            throw new IllegalStateException("JCodec produced a clock band we cannot split", e);
        }
        throw new IllegalStateException("JCodec's clock band has no SPS and IDR slice");
    }

    /** One QP for the whole band: it is small, and a clock that changes quality every second looks broken. */
    private static final class ConstantQp implements RateControl {
        @Override
        public int startPicture(Size size, int maxSize, SliceType sliceType) {
            return QP;
        }

        @Override
        public int initialQpDelta() {
            return 0;
        }

        @Override
        public int accept(int bits) {
            return 0;
        }
    }
}
