package camcloud.cloud.video;

/**
 * Receives one camera's video, in order, from the gateway: the recorder and the live hub are sinks.
 * Called on the camera connection's event loop: never block (hand work to your own thread), and
 * never throw (a failing sink must not break the camera's connection or the other sinks).
 */
public interface VideoSink {

    /** The stream's format; comes before the first unit and again whenever it changes. */
    void format(StreamFormat format);

    /** The next unit. Retain it to keep it beyond this call. */
    void unit(TimedUnit unit);

    /** Video between these cloud times is missing and will not come; {@code reason} says why. */
    void gap(long fromMicros, long toMicros, String reason);

    /**
     * The camera recorded nothing between these cloud times on purpose (it records events only and
     * none happened: "no event", not a fault) and will send no units up to {@code lastSequence}.
     * Times are {@code Long.MIN_VALUE} when the cloud cannot place them. The recorder acknowledges
     * through {@code lastSequence} once what came before is stored.
     */
    default void idle(long fromMicros, long toMicros, long lastSequence) {
    }

    /** The camera's connection ended (more may come on a new connection, through a new sink). */
    void closed();
}
