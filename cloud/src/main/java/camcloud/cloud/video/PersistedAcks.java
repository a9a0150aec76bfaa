package camcloud.cloud.video;

/**
 * How the recorder tells a camera that its frames are safely stored (the camera then drops them
 * from its upload buffer). Thread-safe; the gateway turns it into a MediaAck frame.
 */
@FunctionalInterface
public interface PersistedAcks {

    /** Every unit of this camera session up to and including {@code sequence} is durable. */
    void persisted(long sequence);
}
