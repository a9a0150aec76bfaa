package camcloud.media.h264;

/**
 * The timing_info of an SPS's VUI (E.1.1): a picture (frame) lasts {@code 2 * numUnitsInTick /
 * timeScale} seconds, because H.264 counts field ticks.
 */
public record VuiTiming(long numUnitsInTick, long timeScale, boolean fixedFrameRate) {

    /** Frames per second, or 0 when the fields are zero (a camera that fills them carelessly). */
    public double frameRate() {
        return numUnitsInTick == 0 ? 0 : timeScale / (2.0 * numUnitsInTick);
    }
}
