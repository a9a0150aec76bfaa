package camcloud.device.video;

import org.jcodec.common.model.Picture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

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
 * <p>The pictures are encoded by a {@link SplitPictureEncoder}, the same per-picture encoder that
 * the live scene uses ({@link LiveEncoder}). Before the kept pass, one GOP is encoded and thrown away so the rate control has settled on a
 * QP; the kept loop then starts with the right quality instead of a guess.
 *
 * <p>Immutable after {@link #encode}; the access-unit arrays are shared by every frame that replays
 * them and are never mutated.
 */
public final class EncodedLoop {

    private static final Logger LOG = LoggerFactory.getLogger(EncodedLoop.class);

    /** One picture of the loop: the rest's slice, and the unit without a clock. */
    private record LoopPicture(SplitPictureEncoder.SplitPicture picture, byte[] withoutClock) {
    }

    private final SceneSettings settings;
    private final int variant;
    private final SplitPictureEncoder encoder;
    private final List<LoopPicture> pictures;
    private final long totalBytes;

    private EncodedLoop(SceneSettings settings, int variant, SplitPictureEncoder encoder, List<LoopPicture> pictures) {
        this.settings = settings;
        this.variant = variant;
        this.encoder = encoder;
        this.pictures = List.copyOf(pictures);
        this.totalBytes = pictures.stream().mapToLong(picture -> picture.withoutClock().length).sum();
    }

    /** Draws and encodes the whole loop; costs about {@code loopFrames + gopFrames} encodes of the rest. */
    public static EncodedLoop encode(SceneSettings settings, int variant) {
        PictureSplit split = PictureSplit.of(settings);
        SceneRenderer renderer = new SceneRenderer(settings, variant, split.bandHeight());
        SplitPictureEncoder encoder = new SplitPictureEncoder(split, settings.fps(), settings.bitrateKbps(),
                settings.gopFrames(), false);
        Picture scene = renderer.newPicture();
        for (int index = 0; index < Math.min(settings.gopFrames(), settings.loopFrames()); index++) {
            renderer.draw(index, scene);
            encoder.encode(scene);
        }
        encoder.restart();

        List<LoopPicture> pictures = new ArrayList<>(settings.loopFrames());
        for (int index = 0; index < settings.loopFrames(); index++) {
            renderer.draw(index, scene);
            SplitPictureEncoder.SplitPicture picture = encoder.encode(scene);
            if (picture.idr() != (index % settings.gopFrames() == 0)) {
                throw new IllegalStateException("JCodec put an IDR at frame " + index + " of a loop with gopFrames "
                        + settings.gopFrames() + "; the loop would not restart on an IDR");
            }
            pictures.add(new LoopPicture(picture, encoder.withoutClock(picture)));
        }
        encoder.finish();
        EncodedLoop loop = new EncodedLoop(settings, variant, encoder, pictures);
        if (loop.averageBitrateKbps() > settings.bitrateKbps() * 1.25) {
            LOG.warn("synthetic scene {}x{}@{} reaches {} kbit/s, above bitrateKbps {}: JCodec codes every"
                            + " macroblock of a P-frame, so this size and rate cannot go lower at QP <= {}",
                    settings.width(), settings.height(), settings.fps(), Math.round(loop.averageBitrateKbps()),
                    settings.bitrateKbps(), FrameBudgetRateControl.MAX_QP);
        }
        return loop;
    }

    public SceneSettings settings() {
        return settings;
    }

    /** Which scene variant this loop shows. */
    public int variant() {
        return variant;
    }

    public VideoFormat format() {
        return encoder.format();
    }

    /** How the pictures are cut into the clock band and the rest. */
    PictureSplit split() {
        return encoder.split();
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
        return encoder.withBand(pictures.get(index).picture(), band);
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
