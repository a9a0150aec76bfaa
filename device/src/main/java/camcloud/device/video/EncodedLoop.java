package camcloud.device.video;

import camcloud.media.h264.AnnexB;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.PictureParameterSet;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.common.VideoEncoder.EncodedFrame;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One loop of the synthetic scene, encoded once with JCodec and then replayed by any number of
 * {@link SyntheticVideoSource}s: {@link SceneSettings#loopFrames()} Annex B access units, an IDR
 * (with SPS and PPS in front) every {@code gopFrames}, so frame 0 — where every replay restarts — is
 * an IDR and a decoder never sees a reference across the loop boundary.
 *
 * <p><b>Two slices per picture.</b> Every picture is the clock band ({@link PictureSplit}: the top
 * macroblock rows) as slice 1 and the rest of the scene as slice 2. The loop holds only the rest,
 * encoded by JCodec as pictures of their own (the scene minus the band) and given new slice headers
 * that place them at the band's last macroblock + 1 in a picture of the full size; the SPS and PPS
 * describe the full picture and allow per-slice deblocking control ({@link SliceWriter}). The band
 * slice is added per access unit:
 * <ul>
 *   <li>{@link #accessUnit(int, CodedSlice)}: an intra-coded band (an I slice, also inside a P
 *       picture) — what a camera sends when its clock turns to a new second, and on every IDR;</li>
 *   <li>{@link #accessUnit(int)}: in P pictures a band of skipped macroblocks, which repeats the band
 *       of the picture before, whatever it showed; in IDR pictures a band showing
 *       {@link ClockBand#NO_CLOCK}. These units are shared by every camera, never copied.</li>
 * </ul>
 * The rest decodes exactly as JCodec encoded it, whatever the band shows: its slice data is JCodec's
 * (valid unchanged, see {@link CodedSlice}); its motion vectors never point into the band, because
 * JCodec's motion search is whole-pixel and never reaches above row 0 of the picture it encodes (its
 * window is clamped to the picture, and whole-pixel luma vectors need no interpolation taps, chroma
 * ones only below and to the right); and no deblocking crosses the slice edge.
 *
 * <p>Before the kept pass, one GOP is encoded and thrown away so the rate control has settled on a
 * QP; the kept loop then starts with the right quality instead of a guess.
 *
 * <p>Immutable after {@link #encode}; the access-unit arrays are shared by every frame that replays
 * them and are never mutated.
 */
public final class EncodedLoop {

    private static final Logger LOG = LoggerFactory.getLogger(EncodedLoop.class);
    private static final byte[] START_CODE = {0, 0, 0, 1};

    /** One picture of the loop: its identity, the rest's slice, and the unit without a clock. */
    private record LoopPicture(PictureId id, byte[] restSlice, byte[] withoutClock) {
    }

    private final SceneSettings settings;
    private final int variant;
    private final PictureSplit split;
    private final VideoFormat format;
    private final SliceWriter slices;
    private final List<LoopPicture> pictures;
    private final long totalBytes;

    private EncodedLoop(SceneSettings settings, int variant, PictureSplit split, VideoFormat format,
                        SliceWriter slices, List<LoopPicture> pictures) {
        this.settings = settings;
        this.variant = variant;
        this.split = split;
        this.format = format;
        this.slices = slices;
        this.pictures = List.copyOf(pictures);
        this.totalBytes = pictures.stream().mapToLong(picture -> picture.withoutClock().length).sum();
    }

    /** Draws and encodes the whole loop; costs about {@code loopFrames + gopFrames} encodes of the rest. */
    public static EncodedLoop encode(SceneSettings settings, int variant) {
        PictureSplit split = PictureSplit.of(settings);
        SceneRenderer renderer = new SceneRenderer(settings, variant, split.bandHeight());
        FrameBudgetRateControl rateControl = new FrameBudgetRateControl(settings.bitrateKbps(), settings.fps());
        Picture scene = renderer.newPicture();
        Picture rest = split.newRestPicture();
        ByteBuffer buffer = ByteBuffer.allocate(settings.width() * settings.height() * 3 + 65_536);

        H264Encoder warmUp = encoder(rateControl, settings);
        for (int index = 0; index < Math.min(settings.gopFrames(), settings.loopFrames()); index++) {
            encodeOne(warmUp, renderer, split, index, scene, rest, buffer, rateControl);
        }
        rateControl.resetBalance();

        H264Encoder encoder = encoder(rateControl, settings);
        List<byte[]> units = new ArrayList<>(settings.loopFrames());
        for (int index = 0; index < settings.loopFrames(); index++) {
            units.add(encodeOne(encoder, renderer, split, index, scene, rest, buffer, rateControl));
        }
        EncodedLoop loop = splice(settings, variant, split, encoder, units);
        if (loop.averageBitrateKbps() > settings.bitrateKbps() * 1.25) {
            LOG.warn("synthetic scene {}x{}@{} reaches {} kbit/s, above bitrateKbps {}: JCodec codes every"
                            + " macroblock of a P-frame, so this size and rate cannot go lower at QP <= {}",
                    settings.width(), settings.height(), settings.fps(), Math.round(loop.averageBitrateKbps()),
                    settings.bitrateKbps(), FrameBudgetRateControl.MAX_QP);
        }
        return loop;
    }

    private static H264Encoder encoder(FrameBudgetRateControl rateControl, SceneSettings settings) {
        H264Encoder encoder = new H264Encoder(rateControl);
        encoder.setKeyInterval(settings.gopFrames());
        return encoder;
    }

    private static byte[] encodeOne(H264Encoder encoder, SceneRenderer renderer, PictureSplit split, int index,
                                    Picture scene, Picture rest, ByteBuffer buffer,
                                    FrameBudgetRateControl rateControl) {
        renderer.draw(index, scene);
        split.copyRest(scene, rest);
        buffer.clear();
        EncodedFrame frame = encoder.encodeFrame(rest, buffer);
        if (frame.isKeyFrame() != (index % renderer.gopFrames() == 0)) {
            throw new IllegalStateException("JCodec put an IDR at frame " + index + " of a loop with gopFrames "
                    + renderer.gopFrames() + "; the loop would not restart on an IDR");
        }
        ByteBuffer data = frame.getData();
        byte[] unit = new byte[data.remaining()];
        data.get(unit);
        rateControl.pictureDone(unit.length);
        return unit;
    }

    /** Turns JCodec's access units of the rest into two-slice pictures of the full size. */
    private static EncodedLoop splice(SceneSettings settings, int variant, PictureSplit split, H264Encoder encoder,
                                      List<byte[]> restUnits) {
        SeqParameterSet sps = encoder.initSPS(new Size(settings.width(), settings.height()));
        PictureParameterSet pps = encoder.initPPS();
        pps.deblockingFilterControlPresentFlag = true;
        byte[] spsNal = nal(NalUnitType.SPS, sps::write);
        byte[] ppsNal = nal(NalUnitType.PPS, pps::write);
        SliceWriter slices = new SliceWriter(sps);
        CodedSlice noClock = new ClockBand(split).encode(ClockBand.NO_CLOCK);

        SeqParameterSet restSps = null;
        List<LoopPicture> pictures = new ArrayList<>(restUnits.size());
        for (byte[] unit : restUnits) {
            CodedSlice rest = null;
            for (NalUnit nal : split(unit)) {
                if (nal.type() == NalUnitType.SPS) {
                    restSps = CodedSlice.readSps(nal.bytes());
                    requireSameSyntax(restSps, sps);
                } else if (nal.isVcl()) {
                    if (rest != null || restSps == null) {
                        throw new IllegalStateException("JCodec wrote a picture of several slices or a slice before"
                                + " its SPS");
                    }
                    rest = CodedSlice.parse(nal.bytes(), restSps);
                }
            }
            if (rest == null) {
                throw new IllegalStateException("JCodec wrote an access unit without a slice");
            }
            PictureId id = rest.picture();
            byte[] restSlice = slices.write(id, split.bandMacroblocks(), rest);
            byte[] withoutClock = id.idr()
                    ? annexB(spsNal, ppsNal, slices.write(id, 0, noClock), restSlice)
                    : annexB(slices.writeSkipped(id, 0, split.bandMacroblocks()), restSlice);
            pictures.add(new LoopPicture(id, restSlice, withoutClock));
        }
        VideoFormat format = new VideoFormat(settings.width(), settings.height(), settings.fps(), spsNal, ppsNal);
        return new EncodedLoop(settings, variant, split, format, slices, pictures);
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

    private static List<NalUnit> split(byte[] unit) {
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

    private static byte[] annexB(byte[]... nals) {
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

    public SceneSettings settings() {
        return settings;
    }

    /** Which scene variant this loop shows. */
    public int variant() {
        return variant;
    }

    public VideoFormat format() {
        return format;
    }

    /** How the pictures are cut into the clock band and the rest. */
    PictureSplit split() {
        return split;
    }

    public int frameCount() {
        return pictures.size();
    }

    /**
     * Access unit {@code index} of the loop, Annex B, with no clock of its own: a P picture repeats the
     * band of the picture before it, an IDR shows {@link ClockBand#NO_CLOCK}. Shared, never to be mutated.
     */
    public byte[] accessUnit(int index) {
        return pictures.get(index).withoutClock();
    }

    /** Access unit {@code index} with {@code band} (from {@link ClockBand#encode}) intra-coded on top; a new array. */
    byte[] accessUnit(int index, CodedSlice band) {
        LoopPicture picture = pictures.get(index);
        byte[] bandSlice = slices.write(picture.id(), 0, band);
        return picture.id().idr()
                ? annexB(format.sps(), format.pps(), bandSlice, picture.restSlice())
                : annexB(bandSlice, picture.restSlice());
    }

    /** True for the IDR frames, every {@code gopFrames}. */
    public boolean isKeyframe(int index) {
        return index % settings.gopFrames() == 0;
    }

    /**
     * The bitrate this loop really has when played at its frame rate, without a clock; a camera's
     * clock adds one intra-coded band a second (a few kilobytes).
     */
    public double averageBitrateKbps() {
        return totalBytes * 8.0 * settings.fps() / pictures.size() / 1000.0;
    }
}
