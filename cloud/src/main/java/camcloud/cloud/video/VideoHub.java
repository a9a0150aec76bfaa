package camcloud.cloud.video;

/**
 * Where the gateway sends the video of each camera connection. A hub is shared by all connections
 * of a node; {@link #open} is called once per camera session that streams.
 */
public interface VideoHub {

    /**
     * A camera session starts streaming.
     *
     * @param serial the camera
     * @param bootId the camera's boot (sequence numbers and monotonic clock restart with it)
     * @param acks   where to report persisted units
     * @return the sink for this session's video
     */
    VideoSink open(String serial, long bootId, PersistedAcks acks);
}
