package camcloud.cloud.api;

import camcloud.cloud.device.CameraConnection;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.LedState;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A camera "connected" without a gateway: the seam between the API and the gateway. Records every
 * command and answers with {@code answer} (the gateway's own behaviour is tested end to end elsewhere).
 */
final class FakeConnection implements CameraConnection {

    private final String serial;
    private final long lastSeen;
    final List<Command> received = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
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
    public CompletableFuture<CommandAck> send(Command command) {
        Command withId = command.toBuilder().setId(ids.incrementAndGet()).build();
        received.add(withId);
        return answer.apply(withId);
    }

    @Override
    public void close(String detail) {
    }
}
