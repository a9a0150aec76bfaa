package camcloud.cloud.device;

import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.LedState;
import java.time.Duration;
import java.util.Set;
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

    /** What the camera announced in its Hello ({@code ptz.v1}, {@code image.v1}…). */
    Set<String> capabilities();

    /**
     * Sends {@code command} under its id (the caller's, unique on this connection) and completes with
     * the camera's acknowledgement; exceptionally with a {@link java.util.concurrent.TimeoutException}
     * when none came within {@code timeout} (the command is then forgotten here, and an ack that comes
     * later is ignored and counted), with a {@link java.util.concurrent.RejectedExecutionException} when
     * too many commands are waiting for this camera already (nothing was sent), or with another
     * exception when the connection drops first.
     */
    CompletableFuture<CommandAck> send(Command command, Duration timeout);

    /** Commands sent and not acknowledged yet. */
    int pendingCommands();

    /** Closes the connection with a Goodbye that carries {@code detail}. */
    void close(String detail);
}
