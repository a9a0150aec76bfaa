package camcloud.cloud.video;

/**
 * How the recorder tells a camera that its frames are safely stored (the camera then drops them
 * from its upload buffer). Thread-safe; the gateway turns it into a MediaAck frame.
 */
@FunctionalInterface
public interface PersistedAcks {

    /** Every unit of this camera session up to and including {@code sequence} is durable. */
    void persisted(long sequence);

    /**
     * The recorder cannot take more of this session's video for now (what waits for an unreachable
     * store or database reached its bound): the connection ends with "retry later", and video that
     * arrives meanwhile is not taken. Nothing unacknowledged is lost: the camera still holds it.
     */
    default void overloaded(String detail) {
    }
}
