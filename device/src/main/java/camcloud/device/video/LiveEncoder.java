package camcloud.device.video;

import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Encodes rendered pictures one by one as they come, for a source that renders live (the scripted
 * scene): each {@link RawPicture} becomes an access unit of two slices, the process's shared clock
 * band on top and the picture's rest below, exactly as the replayed loop's units are made
 * ({@link SplitPictureEncoder} is the one encoder behind both; {@link SyntheticVideoSource} explains
 * the clock band). The band rows of the raw picture are not encoded: the band covers them.
 *
 * <p>Size, frame rate and bitrate are fixed for an encoder's life; a source that changes them makes a
 * new encoder, whose first unit is an IDR with the new SPS and PPS. The SPS carries the frame rate
 * (VUI timing), so a new rate is a new SPS too and the agent announces a new stream format.
 *
 * <p>Cost: one JCodec encode of the picture per frame (see the README's camera section for figures).
 * Not thread-safe: the source's clock thread calls it.
 */
public final class LiveEncoder {

    private final SplitPictureEncoder encoder;
    private final ClockBandCache clockBands;
    private final ZoneId zone;
    private long shownSecond = Long.MIN_VALUE;
    private String shownLabel;

    /**
     * An encoder for pictures of {@code width x height} at {@code fps}, aiming at {@code bitrateKbps},
     * with an IDR every {@code gopFrames}, its clock showing the time in {@code zone}.
     */
    public LiveEncoder(int width, int height, int fps, int bitrateKbps, int gopFrames, ZoneId zone) {
        SceneSettings checked = new SceneSettings(width, height, fps, bitrateKbps, gopFrames, 1);
        PictureSplit split = PictureSplit.of(checked);
        this.encoder = new SplitPictureEncoder(split, fps, bitrateKbps, gopFrames, true);
        this.clockBands = EncodedLoopCache.shared().clockBands(split);
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Size, rate, SPS and PPS of every unit this encoder makes. */
    public VideoFormat format() {
        return encoder.format();
    }

    /** Encodes {@code picture} (of this encoder's size) with the clock of its wall-clock time. */
    public VideoFrame encode(RawPicture picture) {
        VideoFormat format = encoder.format();
        if (picture.width() != format.width() || picture.height() != format.height()) {
            throw new IllegalArgumentException("picture of " + picture.width() + "x" + picture.height()
                    + " given to an encoder of " + format.width() + "x" + format.height());
        }
        Picture scene = Picture.createPicture(picture.width(), picture.height(),
                new byte[][] {picture.y(), picture.u(), picture.v()}, ColorSpace.YUV420J);
        SplitPictureEncoder.SplitPicture encoded = encoder.encode(scene);
        long wallMillis = picture.wallClockMillis();
        long second = Math.floorDiv(wallMillis, 1000);
        boolean newLabel = false;
        if (second != shownSecond) {
            shownSecond = second;
            String label = ClockBand.label(wallMillis, zone);
            newLabel = !label.equals(shownLabel);
            shownLabel = label;
            clockBands.prefetch(ClockBand.label((second + 1) * 1000, zone));
        }
        byte[] unit = encoded.idr() || newLabel
                ? encoder.withBand(encoded, clockBands.slice(shownLabel))
                : encoder.withoutClock(encoded);
        return new VideoFrame(unit, encoded.idr(), picture.captureMicros(), wallMillis);
    }
}
