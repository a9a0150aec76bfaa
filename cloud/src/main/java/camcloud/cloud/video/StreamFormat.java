package camcloud.cloud.video;

import java.util.Arrays;

/**
 * The format of a camera's video stream as its StreamConfig announced it. Validated by the gateway
 * before anyone sees it (SPS parses, sizes sane).
 *
 * @param width  picture width in pixels
 * @param height picture height in pixels
 * @param fps    nominal frame rate
 * @param sps    H.264 sequence parameter set NAL unit, without start code
 * @param pps    H.264 picture parameter set NAL unit, without start code
 */
public record StreamFormat(int width, int height, int fps, byte[] sps, byte[] pps) {

    /** True when a new StreamConfig actually changes what decoders need (a new init segment). */
    public boolean sameAs(StreamFormat other) {
        return other != null && width == other.width && height == other.height
                && Arrays.equals(sps, other.sps) && Arrays.equals(pps, other.pps);
    }
}
