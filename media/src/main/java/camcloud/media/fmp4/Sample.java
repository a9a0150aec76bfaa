package camcloud.media.fmp4;

import camcloud.media.h264.AccessUnit;

/**
 * One access unit as an MP4 sample.
 *
 * @param data              4-byte length-prefixed NAL units (AVCC); owned by the sample
 * @param duration          ticks of the track timescale until the next sample, at least 1
 * @param keyframe          an IDR picture: a sync sample
 * @param compositionOffset presentation minus decode time in ticks; 0 without B-frames
 */
public record Sample(byte[] data, int duration, boolean keyframe, int compositionOffset) {

    public Sample {
        if (duration < 1) {
            throw new IllegalArgumentException("sample duration must be at least 1 tick, was " + duration);
        }
    }

    public static Sample of(AccessUnit unit, int duration) {
        return new Sample(unit.toAvcc(), duration, unit.keyframe(), 0);
    }

    /** trun sample_flags (14496-12 8.8.3.1): sync samples depend on nothing, others are non-sync. */
    int flags() {
        return keyframe ? 0x02000000 : 0x01010000;
    }
}
