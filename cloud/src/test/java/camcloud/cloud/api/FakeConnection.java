package camcloud.cloud.api;

import camcloud.cloud.device.CameraConnection;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.LedState;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A camera "connected" without a gateway: the seam between the API and the gateway. Records every
 * command and answers with {@code answer} (the gateway's own behaviour is tested end to end elsewhere).
 */
final class FakeConnection implements CameraConnection {

    private final String serial;
    private final long lastSeen;
    final List<Command> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    /** What the camera "announced in its Hello". */
    volatile Set<String> capabilities = Set.of("commands.v1", "ptz.v1", "image.v1", "events.v1", "event_recording.v1");
    volatile Function<Command, CompletableFuture<CommandAck>> answer = c -> CompletableFuture.completedFuture(
            CommandAck.newBuilder().setId(c.getId()).setResult(CommandAck.Result.RESULT_OK).setMessage("pong").build());

    FakeConnection(String serial, long lastSeen) {
        this.serial = serial;
        this.lastSeen = lastSeen;
    }

    @Override
    public String serial() {
        return serial;
    }

    @Override
    public String sessionId() {
        return "session-" + serial;
    }

    @Override
    public String model() {
        return "hi3518e-test";
    }

    @Override
    public String firmwareVersion() {
        return "1.2.3";
    }

    @Override
    public String remoteAddress() {
        return "203.0.113.7:40000";
    }

    @Override
    public long connectedAtMillis() {
        return lastSeen - 1000;
    }

    @Override
    public long lastSeenMillis() {
        return lastSeen;
    }

    @Override
    public LedState led() {
        return LedState.LED_STATE_ONLINE;
    }

    @Override
    public CompletableFuture<CommandAck> send(Command command, Duration timeout) {
        received.add(command);
        pending.incrementAndGet();
        return answer.apply(command).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((a, e) -> pending.decrementAndGet());
    }

    @Override
    public int pendingCommands() {
        return pending.get();
    }

    @Override
    public Set<String> capabilities() {
        return capabilities;
    }

    @Override
    public void close(String detail) {
    }
}
