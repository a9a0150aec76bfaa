package camcloud.cloud.device;

import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.LedState;
import java.util.concurrent.CompletableFuture;

/** A camera's live connection to this cloud node, as the rest of the cloud sees it. */
public interface CameraConnection {

    String serial();

    String sessionId();

    String model();

    String firmwareVersion();

    /** The camera's public address as seen by the gateway ({@code ip:port}). */
    String remoteAddress();

    long connectedAtMillis();

    /** Last frame received from the camera (heartbeat or anything else), epoch millis. */
    long lastSeenMillis();

    LedState led();

    /**
     * Sends {@code command} (its id is assigned here) and completes with the camera's acknowledgement,
     * or exceptionally when the camera does not answer in time or the connection drops.
     */
    CompletableFuture<CommandAck> send(Command command);

    /** Closes the connection with a Goodbye that carries {@code detail}. */
    void close(String detail);
}
