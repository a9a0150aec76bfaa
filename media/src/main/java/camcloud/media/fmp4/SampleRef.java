package camcloud.media.fmp4;

/**
 * A sample found in a fragment: its timing and where its bytes are in the segment that was read.
 *
 * @param decodeTime        decode time in the track timescale
 * @param duration          ticks
 * @param offset            offset of the sample's bytes in the segment
 * @param size              bytes
 * @param keyframe          a sync sample
 * @param compositionOffset presentation minus decode time, ticks
 */
public record SampleRef(long decodeTime, long duration, int offset, int size, boolean keyframe,
                        int compositionOffset) {
}
