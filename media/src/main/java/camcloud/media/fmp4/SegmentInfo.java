package camcloud.media.fmp4;

/**
 * What a recorder needs to index a finished segment and list it in a playlist.
 *
 * @param baseDecodeTime decode time of the first sample, in ticks
 * @param durationTicks  sum of the sample durations, in ticks
 * @param timescale      ticks per second
 * @param frames         number of samples
 * @param initSize       bytes of the leading init segment (0 if none was written)
 * @param size           total bytes written, init included
 */
public record SegmentInfo(long baseDecodeTime, long durationTicks, int timescale, int frames, long initSize,
                          long size) {

    public double durationSeconds() {
        return durationTicks / (double) timescale;
    }
}
