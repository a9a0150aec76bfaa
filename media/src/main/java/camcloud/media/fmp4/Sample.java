package camcloud.media.fmp4;

import camcloud.media.h264.NalIndex;
import io.netty.buffer.ByteBuf;

/**
 * One access unit as an MP4 sample, still in the camera's Annex B bytes: the fragment writer turns
 * it into length-prefixed NAL units by adding 4-byte prefixes beside slices of {@code annexB}.
 *
 * @param annexB   the unit's bytes (readable bytes); the sample does not own a reference
 * @param index    where its NAL units are, from {@link NalIndex#scan} of {@code annexB}
 * @param duration ticks of the track timescale until the next sample, at least 1
 */
public record Sample(ByteBuf annexB, NalIndex index, int duration) {

    public Sample {
        if (duration < 1) {
            throw new IllegalArgumentException("sample duration must be at least 1 tick, was " + duration);
        }
        if (index.error() != null) {
            throw new IllegalArgumentException("not a usable access unit: " + index.error());
        }
    }

    /** An IDR picture: a sync sample. */
    public boolean keyframe() {
        return index.keyframe();
    }

    /** trun sample_flags (14496-12 8.8.3.1): sync samples depend on nothing, others are non-sync. */
    int flags() {
        return keyframe() ? 0x02000000 : 0x01010000;
    }
}
