package camcloud.device.video;

/**
 * What a video source produces.
 *
 * @param width     picture width in pixels
 * @param height    picture height in pixels
 * @param fps       nominal frame rate
 * @param sps       the H.264 sequence parameter set NAL unit, without start code
 * @param pps       the H.264 picture parameter set NAL unit, without start code
 */
public record VideoFormat(int width, int height, int fps, byte[] sps, byte[] pps) {
}
