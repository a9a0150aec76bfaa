package camcloud.device.video;

import camcloud.media.h264.AnnexB;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.VideoEncoder.EncodedFrame;
import org.jcodec.common.model.Picture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One loop of the synthetic scene, encoded once with JCodec and then replayed by any number of
 * {@link SyntheticVideoSource}s: {@link SceneSettings#loopFrames()} Annex B access units, an IDR
 * (with SPS and PPS in front) every {@code gopFrames}, so frame 0 — where every replay restarts — is
 * an IDR and a decoder never sees a reference across the loop boundary.
 *
 * <p>Before the kept pass, one GOP is encoded and thrown away so the rate control has settled on a
 * QP; the kept loop then starts with the right quality instead of a guess.
 *
 * <p>Immutable after {@link #encode}; the access-unit arrays are shared by every frame that replays
 * them and are never mutated.
 */
public final class EncodedLoop {

    private static final Logger LOG = LoggerFactory.getLogger(EncodedLoop.class);

    private final SceneSettings settings;
    private final int variant;
    private final List<byte[]> accessUnits;
    private final VideoFormat format;
    private final long totalBytes;

    private EncodedLoop(SceneSettings settings, int variant, List<byte[]> accessUnits, VideoFormat format) {
        this.settings = settings;
        this.variant = variant;
        this.accessUnits = List.copyOf(accessUnits);
        this.format = format;
        this.totalBytes = accessUnits.stream().mapToLong(unit -> unit.length).sum();
    }

    /** Draws and encodes the whole loop; costs about {@code loopFrames + gopFrames} encodes. */
    public static EncodedLoop encode(SceneSettings settings, int variant) {
        SceneRenderer renderer = new SceneRenderer(settings, variant);
        FrameBudgetRateControl rateControl = new FrameBudgetRateControl(settings.bitrateKbps(), settings.fps());
        Picture picture = renderer.newPicture();
        ByteBuffer buffer = ByteBuffer.allocate(settings.width() * settings.height() * 3 + 65_536);

        H264Encoder warmUp = encoder(rateControl, settings);
        for (int index = 0; index < Math.min(settings.gopFrames(), settings.loopFrames()); index++) {
            encodeOne(warmUp, renderer, index, picture, buffer, rateControl);
        }
        rateControl.resetBalance();

        H264Encoder encoder = encoder(rateControl, settings);
        List<byte[]> units = new ArrayList<>(settings.loopFrames());
        for (int index = 0; index < settings.loopFrames(); index++) {
            units.add(encodeOne(encoder, renderer, index, picture, buffer, rateControl));
        }
        EncodedLoop loop = new EncodedLoop(settings, variant, units, format(settings, units.get(0)));
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

    private static byte[] encodeOne(H264Encoder encoder, SceneRenderer renderer, int index, Picture picture,
                                    ByteBuffer buffer, FrameBudgetRateControl rateControl) {
        renderer.draw(index, picture);
        buffer.clear();
        EncodedFrame frame = encoder.encodeFrame(picture, buffer);
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

    private static VideoFormat format(SceneSettings settings, byte[] idr) {
        byte[] sps = null;
        byte[] pps = null;
        try {
            for (NalUnit unit : AnnexB.split(idr)) {
                if (unit.type() == NalUnitType.SPS && sps == null) {
                    sps = unit.bytes();
                } else if (unit.type() == NalUnitType.PPS && pps == null) {
                    pps = unit.bytes();
                }
            }
        } catch (MalformedH264Exception e) {
            throw new IllegalStateException("JCodec produced an access unit we cannot split", e);
        }
        if (sps == null || pps == null) {
            throw new IllegalStateException("JCodec's first access unit carries no SPS/PPS");
        }
        return new VideoFormat(settings.width(), settings.height(), settings.fps(), sps, pps);
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

    public int frameCount() {
        return accessUnits.size();
    }

    /** Access unit {@code index} of the loop, Annex B; shared, never to be mutated. */
    public byte[] accessUnit(int index) {
        return accessUnits.get(index);
    }

    /** True for the IDR frames, every {@code gopFrames}. */
    public boolean isKeyframe(int index) {
        return index % settings.gopFrames() == 0;
    }

    /** The bitrate this loop really has when played at its frame rate. */
    public double averageBitrateKbps() {
        return totalBytes * 8.0 * settings.fps() / accessUnits.size() / 1000.0;
    }
}
