package camcloud.cloud.live;

import java.nio.ByteBuffer;

/**
 * Where a {@link LiveViewer} writes: one WebSocket connection, asynchronously. The viewer keeps at
 * most one write outstanding and calls the next only after {@code done} ran, so an implementation
 * never queues on its own. {@link JettyViewerOutput} is the real one; tests may use others.
 */
public interface ViewerOutput {

    /**
     * Sends one binary message made of {@code parts} in order (a fragment's headers and the frame's
     * bytes, not joined); the buffers stay valid until {@code done} ran. Calls {@code done} with null
     * on success or the failure.
     */
    void sendBinary(ByteBuffer[] parts, Done done);

    /** Sends one text message; calls {@code done} with null on success or the failure. */
    void sendText(String text, Done done);

    /** Closes the connection with a WebSocket status code and reason. */
    void close(int code, String reason);

    /** Completion of one send; may run on any thread, also inside the send call. */
    @FunctionalInterface
    interface Done {
        void completed(Throwable failure);
    }
}
