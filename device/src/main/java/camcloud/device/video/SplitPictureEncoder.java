package camcloud.device.video;

import camcloud.media.h264.AnnexB;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.PictureParameterSet;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.codecs.h264.io.model.VUIParameters;
import org.jcodec.common.VideoEncoder.EncodedFrame;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Encodes pictures of one size, one at a time, as the <b>rest</b> slice of a split picture
 * ({@link PictureSplit}), ready to be joined with a clock band: the one per-picture encoder behind
 * both the replayed loop ({@link EncodedLoop}, which encodes its pictures once) and the live scene
 * ({@link LiveEncoder}, which encodes every picture as it is rendered).
 *
 * <p>JCodec encodes the rest (the picture minus the band) as a picture of its own; its slice is taken
 * apart ({@link CodedSlice}) and later written with a header of ours that places it after the band's
 * macroblocks in a picture of the full size ({@link SliceWriter}). The SPS and PPS describe that full
 * picture and allow per-slice deblocking control. Why the rest never refers to the band's pixels is
 * explained in {@link EncodedLoop}.
 *
 * <p>Rate control is {@link FrameBudgetRateControl}, one QP per picture; an IDR comes every
 * {@code gopFrames} pictures, starting with the first. Not thread-safe.
 */
final class SplitPictureEncoder {

    private static final byte[] START_CODE = {0, 0, 0, 1};

    /** One encoded picture: its identity and the rest's slice, placed after the band. */
    record SplitPicture(PictureId id, byte[] restSlice) {
        boolean idr() {
            return id.idr();
        }
    }

    private final PictureSplit split;
    private final int gopFrames;
    private final FrameBudgetRateControl rateControl;
    private Picture rest;
    private ByteBuffer buffer;
    private final SliceWriter slices;
    private final VideoFormat format;
    private final SeqParameterSet sps;
    private H264Encoder encoder;
    private SeqParameterSet restSps;
    private int index;
    private CodedSlice noClock;

    /**
     * An encoder for pictures cut as {@code split}; with {@code timing} the SPS carries the frame rate
     * (VUI timing), so a change of rate alone is a new SPS that the agent and players see.
     */
    SplitPictureEncoder(PictureSplit split, int fps, int bitrateKbps, int gopFrames, boolean timing) {
        this.split = split;
        this.gopFrames = gopFrames;
        this.rateControl = new FrameBudgetRateControl(bitrateKbps, fps);
        this.rest = split.newRestPicture();
        this.buffer = ByteBuffer.allocate(split.width() * split.height() * 3 + 65_536);
        this.encoder = newEncoder();
        this.sps = encoder.initSPS(new Size(split.width(), split.height()));
        if (timing) {
            VUIParameters vui = new VUIParameters();
            vui.timingInfoPresentFlag = true;
            vui.numUnitsInTick = 1;
            vui.timeScale = 2 * fps; // two ticks a frame: a field pair, as H.264 counts (E.2.1)
            vui.fixedFrameRateFlag = true;
            sps.vuiParams = vui;
        }
        PictureParameterSet pps = encoder.initPPS();
        pps.deblockingFilterControlPresentFlag = true;
        this.slices = new SliceWriter(sps);
        this.format = new VideoFormat(split.width(), split.height(), fps, nal(NalUnitType.SPS, sps::write),
                nal(NalUnitType.PPS, pps::write));
    }

    private H264Encoder newEncoder() {
        H264Encoder created = new H264Encoder(rateControl);
        created.setKeyInterval(gopFrames);
        return created;
    }

    /**
     * Starts again as if new (the next picture is an IDR with frame number 0) but keeps the QP the rate
     * control settled on: used after a warm-up pass whose pictures are thrown away.
     */
    void restart() {
        encoder = newEncoder();
        index = 0;
        rateControl.resetBalance();
    }

    /**
     * Lets go of the encoder and its picture buffers (megabytes at 720p): after this only splicing
     * ({@link #withBand}, {@link #withoutClock}) works. A loop keeps its encoder for that.
     */
    void finish() {
        encoder = null;
        rest = null;
        buffer = null;
    }

    /** The format of every access unit: full picture size, SPS and PPS. */
    VideoFormat format() {
        return format;
    }

    PictureSplit split() {
        return split;
    }

    /** True when the next picture {@link #encode}d will be an IDR. */
    boolean nextIsKeyframe() {
        return index % gopFrames == 0;
    }

    /**
     * Encodes the rows of {@code scene} (a whole {@code width x height} picture) below the band; the
     * band's rows of {@code scene} are not looked at.
     */
    SplitPicture encode(Picture scene) {
        if (encoder == null) {
            throw new IllegalStateException("encoder finished");
        }
        split.copyRest(scene, rest);
        buffer.clear();
        EncodedFrame frame = encoder.encodeFrame(rest, buffer);
        boolean expectedIdr = nextIsKeyframe();
        if (frame.isKeyFrame() != expectedIdr) {
            throw new IllegalStateException("JCodec put " + (frame.isKeyFrame() ? "an" : "no") + " IDR at picture "
                    + index + " with gopFrames " + gopFrames);
        }
        index++;
        ByteBuffer data = frame.getData();
        byte[] unit = new byte[data.remaining()];
        data.get(unit);
        rateControl.pictureDone(unit.length);
        CodedSlice slice = null;
        for (NalUnit nal : split(unit)) {
            if (nal.type() == NalUnitType.SPS) {
                restSps = CodedSlice.readSps(nal.bytes());
                requireSameSyntax(restSps, sps);
            } else if (nal.isVcl()) {
                if (slice != null || restSps == null) {
                    throw new IllegalStateException("JCodec wrote a picture of several slices or a slice before its SPS");
                }
                slice = CodedSlice.parse(nal.bytes(), restSps);
            }
        }
        if (slice == null) {
            throw new IllegalStateException("JCodec wrote an access unit without a slice");
        }
        return new SplitPicture(slice.picture(), slices.write(slice.picture(), split.bandMacroblocks(), slice));
    }

    /**
     * The access unit of {@code picture} with no clock of its own: a P picture repeats the band of the
     * picture before it (skipped macroblocks), an IDR (with SPS and PPS) shows {@link ClockBand#NO_CLOCK}.
     */
    byte[] withoutClock(SplitPicture picture) {
        if (picture.idr()) {
            if (noClock == null) {
                noClock = new ClockBand(split).encode(ClockBand.NO_CLOCK);
            }
            return annexB(format.sps(), format.pps(), slices.write(picture.id(), 0, noClock), picture.restSlice());
        }
        return annexB(slices.writeSkipped(picture.id(), 0, split.bandMacroblocks()), picture.restSlice());
    }

    /** The access unit of {@code picture} with {@code band} intra-coded on top (SPS and PPS in front of an IDR). */
    byte[] withBand(SplitPicture picture, CodedSlice band) {
        byte[] bandSlice = slices.write(picture.id(), 0, band);
        return picture.idr()
                ? annexB(format.sps(), format.pps(), bandSlice, picture.restSlice())
                : annexB(bandSlice, picture.restSlice());
    }

    /** The slice headers we write use the full picture's SPS: its header fields must be as wide as JCodec's. */
    private static void requireSameSyntax(SeqParameterSet rest, SeqParameterSet whole) {
        if (rest.log2MaxFrameNumMinus4 != whole.log2MaxFrameNumMinus4
                || rest.log2MaxPicOrderCntLsbMinus4 != whole.log2MaxPicOrderCntLsbMinus4
                || rest.picOrderCntType != whole.picOrderCntType
                || rest.picWidthInMbsMinus1 != whole.picWidthInMbsMinus1
                || rest.numRefFrames != whole.numRefFrames) {
            throw new IllegalStateException("JCodec's SPS for the rest of the picture differs from the whole"
                    + " picture's in more than its height");
        }
    }

    private static java.util.List<NalUnit> split(byte[] unit) {
        try {
            return AnnexB.split(unit);
        } catch (MalformedH264Exception e) {
            throw new IllegalStateException("JCodec produced an access unit we cannot split", e);
        }
    }

    /** A parameter-set NAL unit: header byte ({@code nal_ref_idc} 3) and the escaped RBSP {@code rbsp} writes. */
    private static byte[] nal(int type, Consumer<ByteBuffer> rbsp) {
        ByteBuffer raw = ByteBuffer.allocate(1024);
        rbsp.accept(raw);
        raw.flip();
        ByteBuffer out = ByteBuffer.allocate(1 + raw.remaining() * 3 / 2 + 2);
        out.put((byte) (3 << 5 | type));
        H264Utils.escapeNAL(raw, out);
        return Arrays.copyOf(out.array(), out.position());
    }

    static byte[] annexB(byte[]... nals) {
        int size = 0;
        for (byte[] nal : nals) {
            size += START_CODE.length + nal.length;
        }
        byte[] unit = new byte[size];
        int at = 0;
        for (byte[] nal : nals) {
            System.arraycopy(START_CODE, 0, unit, at, START_CODE.length);
            System.arraycopy(nal, 0, unit, at + START_CODE.length, nal.length);
            at += START_CODE.length + nal.length;
        }
        return unit;
    }
}
