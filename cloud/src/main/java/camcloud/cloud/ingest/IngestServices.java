package camcloud.cloud.ingest;

import camcloud.cloud.video.CameraTimelines;
import camcloud.cloud.video.LiveDemands;
import camcloud.cloud.video.PersistedAcks;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoHub;
import camcloud.cloud.video.VideoSink;
import java.util.function.LongSupplier;

/**
 * What every camera connection's {@link MediaIngest} shares: where video goes, the cameras'
 * timelines, the media budget, and the cloud clock that stamps each unit's arrival (epoch
 * microseconds; tests script it), and who watches live (told to cameras that record events only).
 */
public record IngestServices(VideoHub hub, CameraTimelines timelines, MediaLimits limits, LongSupplier clockMicros,
                             LiveDemands demands) {

    public IngestServices(VideoHub hub, CameraTimelines timelines, MediaLimits limits) {
        this(hub, timelines, limits, () -> System.currentTimeMillis() * 1000);
    }

    public IngestServices(VideoHub hub, CameraTimelines timelines, MediaLimits limits, LongSupplier clockMicros) {
        this(hub, timelines, limits, clockMicros, LiveDemands.NONE);
    }

    /** The same, telling cameras that record events only when somebody watches them live. */
    public IngestServices withLiveDemands(LiveDemands liveDemands) {
        return new IngestServices(hub, timelines, limits, clockMicros, liveDemands);
    }

    /** For a gateway without a recorder (tests of other parts): video is validated and dropped. */
    public static IngestServices discarding() {
        return new IngestServices(IngestServices::discardingSink, new CameraTimelines(2_000_000, 5_000_000),
                MediaLimits.DEFAULT);
    }

    private static VideoSink discardingSink(String serial, long bootId, PersistedAcks acks) {
        return new VideoSink() {
            @Override
            public void format(StreamFormat format) {
            }

            @Override
            public void unit(TimedUnit unit) {
            }

            @Override
            public void gap(long fromMicros, long toMicros, String reason) {
            }

            @Override
            public void closed() {
            }
        };
    }
}
