package camcloud.device.analytics;

import camcloud.protocol.v1.CameraEvent;

/**
 * Where the camera's events go (the agent's outbox). Called in order, START before END of the same
 * event, on the analytics' snapshot thread; must not block for long.
 */
@FunctionalInterface
public interface EventSink {

    /** @param snapshotJpeg the START's picture as a JPEG; empty for END and when there is none */
    void event(CameraEvent event, byte[] snapshotJpeg);
}
