package camcloud.cloud.cluster;

import camcloud.cloud.control.CameraCommands;
import camcloud.cloud.control.CameraCommands.Outcome;
import camcloud.cloud.control.CommandRefused;
import camcloud.protocol.v1.Command;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands (PTZ, presets, day/night, settings) for a camera connected to another node: sent over the
 * {@link ClusterBus} to the node the {@link CameraLocator} names, which sends it to the camera as its
 * own ({@link CameraCommands#sendHere}) and sends the outcome back. The asking node waits at most the
 * command timeout; the camera's node waits a little less for the camera, so its answer (or its
 * "timed out") normally arrives in time. A refusal there (the camera lacks a capability, or just left)
 * comes back as a {@link CommandRefused}.
 */
final class CommandRelay implements CameraCommands.Elsewhere, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommandRelay.class);
    static final String REQUEST = "command";
    static final String REPLY = "command.outcome";
    /** What the camera's node leaves of the timeout for the way back. */
    private static final Duration WAY_BACK = Duration.ofMillis(500);

    private final ClusterBus bus;
    private final CameraLocator locator;
    private final CameraCommands commands;
    private final ConcurrentHashMap<Long, CompletableFuture<Outcome>> pending = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-command-timer");
        t.setDaemon(true);
        return t;
    });

    CommandRelay(ClusterBus bus, CameraLocator locator, CameraCommands commands) {
        this.bus = bus;
        this.locator = locator;
        this.commands = commands;
        bus.on(REQUEST, this::onRequest);
        bus.on(REPLY, this::onReply);
        commands.sendElsewhere(this);
    }

    // ---- the asking node ----

    @Override
    public Optional<CompletableFuture<Outcome>> send(String serial, Command command, String kind, List<String> needs,
                                                     String by, Duration timeout) {
        Optional<NodeAddress> node = locator.nodeOf(serial).filter(n -> !n.nodeId().equals(bus.nodeId()));
        if (node.isEmpty()) {
            return Optional.empty();
        }
        long request = requests.incrementAndGet();
        ObjectNode body = bus.body().put("request", request).put("replyTo", bus.nodeId()).put("serial", serial)
                .put("command", Base64.getEncoder().encodeToString(command.toByteArray())).put("kind", kind)
                .put("by", by).put("waitMillis", timeout.minus(WAY_BACK).compareTo(timeout.dividedBy(2)) > 0
                        ? timeout.minus(WAY_BACK).toMillis() : timeout.dividedBy(2).toMillis());
        needs.forEach(body.putArray("needs")::add);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        pending.put(request, outcome);
        if (!bus.send(node.get().nodeId(), REQUEST, body)) {
            pending.remove(request);
            return Optional.of(CompletableFuture.completedFuture(new CameraCommands.Answered(0, "failed",
                    "the command could not be passed to the camera's node (" + node.get().nodeId() + ")", Map.of())));
        }
        timer.schedule(() -> {
            if (pending.remove(request, outcome)) {
                outcome.complete(new CameraCommands.TimedOut(0, timeout));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return Optional.of(outcome);
    }

    private void onReply(JsonNode body) {
        CompletableFuture<Outcome> outcome = pending.remove(body.path("request").asLong());
        if (outcome == null) {
            return; // timed out here already
        }
        switch (body.path("outcome").asText()) {
            case "answered" -> {
                Map<String, String> state = new LinkedHashMap<>();
                body.path("state").fields().forEachRemaining(e -> state.put(e.getKey(), e.getValue().asText()));
                outcome.complete(new CameraCommands.Answered(0, body.path("result").asText("failed"),
                        body.path("message").asText(""), state));
            }
            case "timeout" -> outcome.complete(new CameraCommands.TimedOut(0, commands.timeout()));
            case "busy" -> outcome.complete(new CameraCommands.Busy(0));
            case "refused" -> outcome.completeExceptionally(new CommandRefused(
                    "NOT_CAPABLE".equals(body.path("why").asText()) ? CommandRefused.Why.NOT_CAPABLE
                            : CommandRefused.Why.OFFLINE, body.path("message").asText("camera is offline")));
            default -> outcome.complete(new CameraCommands.WentOffline(0));
        }
    }

    // ---- the camera's node ----

    private void onRequest(JsonNode body) {
        String replyTo = body.path("replyTo").asText();
        long request = body.path("request").asLong();
        String serial = body.path("serial").asText();
        Command command;
        try {
            command = Command.parseFrom(Base64.getDecoder().decode(body.path("command").asText()));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            log.warn("cluster: node {} sent a command for {} that does not parse; refused", replyTo, serial);
            reply(replyTo, request, bus.body().put("outcome", "answered").put("result", "failed")
                    .put("message", "the command did not arrive intact"));
            return;
        }
        List<String> needs = new ArrayList<>();
        body.path("needs").forEach(n -> needs.add(n.asText()));
        long waitMillis = Math.max(100, Math.min(body.path("waitMillis").asLong(), commands.timeout().toMillis()));
        try {
            commands.sendHere(serial, command.toBuilder(), body.path("kind").asText("command"), needs,
                            body.path("by").asText(""), Duration.ofMillis(waitMillis))
                    .whenComplete((outcome, error) -> reply(replyTo, request, error == null ? describe(outcome)
                            : refusal(error)));
        } catch (CommandRefused e) {
            reply(replyTo, request, refusal(e));
        }
    }

    private ObjectNode describe(Outcome outcome) {
        ObjectNode out = bus.body();
        if (outcome instanceof CameraCommands.Answered a) {
            out.put("outcome", "answered").put("result", a.result()).put("message", a.message());
            ObjectNode state = out.putObject("state");
            a.state().forEach(state::put);
        } else if (outcome instanceof CameraCommands.TimedOut) {
            out.put("outcome", "timeout");
        } else if (outcome instanceof CameraCommands.Busy) {
            out.put("outcome", "busy");
        } else {
            out.put("outcome", "offline");
        }
        return out;
    }

    private ObjectNode refusal(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CommandRefused r) {
            return bus.body().put("outcome", "refused").put("why", r.why().name()).put("message", r.getMessage());
        }
        return bus.body().put("outcome", "offline");
    }

    private void reply(String to, long request, ObjectNode body) {
        if (!to.isEmpty()) {
            bus.send(to, REPLY, body.put("request", request));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        pending.values().forEach(f -> f.complete(new CameraCommands.WentOffline(0)));
        pending.clear();
    }
}
