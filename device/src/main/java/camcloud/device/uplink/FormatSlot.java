package camcloud.device.uplink;

import camcloud.protocol.v1.StreamConfig;

/**
 * The stream format shared by the units of one run of a format (from one keyframe's SPS/PPS up to
 * the next change). It may be empty for a moment: when the SPS carries no frame rate, the rate is
 * measured from the first two units, and units wait for it before they are sent (a
 * {@code StreamConfig} must precede the first unit in its format). Touched on one event loop only.
 */
final class FormatSlot {

    private StreamConfig config;

    FormatSlot(StreamConfig config) {
        this.config = config;
    }

    /** The format, or null while its frame rate is still being measured. */
    StreamConfig config() {
        return config;
    }

    void complete(StreamConfig config) {
        this.config = config;
    }
}
