package camcloud.cloud.ingest;

import camcloud.cloud.video.StreamFormat;
import camcloud.media.fmp4.VideoTrack;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import camcloud.media.h264.SequenceParameterSet;
import camcloud.protocol.v1.StreamConfig;

/**
 * Validates a camera's StreamConfig into a {@link StreamFormat}: codec h264, an SPS that parses, a
 * PPS, a picture size within {@link #MAX_DIMENSION}, a frame rate within 1..{@link #MAX_FPS}. The
 * picture size is taken from the SPS (what decoders will see), not from the message's fields.
 */
final class StreamConfigCheck {

    static final int MAX_DIMENSION = 8192;
    static final int MAX_FPS = 240;
    static final int DEFAULT_FPS = 25;

    /** {@code format} when good, else {@code error} says what is wrong. */
    record Result(StreamFormat format, String error) {
    }

    private StreamConfigCheck() {
    }

    static Result check(StreamConfig config) {
        String codec = config.getCodec();
        if (!codec.isEmpty() && !codec.equalsIgnoreCase("h264")) {
            return bad("codec '" + CameraText.clean(codec) + "' is not supported (only h264)");
        }
        if (config.getSps().isEmpty()) {
            return bad("StreamConfig has no SPS");
        }
        if (config.getPps().isEmpty()) {
            return bad("StreamConfig has no PPS");
        }
        byte[] sps = config.getSps().toByteArray();
        byte[] pps = config.getPps().toByteArray();
        try {
            NalUnit spsNal = NalUnit.of(sps);
            NalUnit ppsNal = NalUnit.of(pps);
            if (spsNal.type() != NalUnitType.SPS) {
                return bad("the SPS field holds a NAL unit of type " + spsNal.type() + ", not 7 (SPS)");
            }
            if (ppsNal.type() != NalUnitType.PPS) {
                return bad("the PPS field holds a NAL unit of type " + ppsNal.type() + ", not 8 (PPS)");
            }
            VideoTrack track = VideoTrack.of(spsNal, ppsNal);
            SequenceParameterSet parsed = track.sps();
            int width = parsed.width();
            int height = parsed.height();
            if (width < 16 || height < 16 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
                return bad("picture size " + width + "x" + height + " is outside 16.." + MAX_DIMENSION);
            }
            int fps = config.getFps() == 0 ? DEFAULT_FPS : config.getFps();
            if (fps > MAX_FPS) {
                return bad("frame rate " + config.getFps() + " is over " + MAX_FPS);
            }
            return new Result(new StreamFormat(width, height, fps, sps, pps), null);
        } catch (MalformedH264Exception | RuntimeException e) {
            return bad("SPS/PPS do not parse: " + e.getMessage());
        }
    }

    private static Result bad(String error) {
        return new Result(null, error);
    }
}
