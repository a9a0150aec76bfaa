package camcloud.cloud.control;

import camcloud.cloud.device.CameraConnection;
import camcloud.cloud.device.Presence;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every command to a camera goes through here. It gets an id (the caller's handle on it, and the id on
 * the wire), is refused at once when the camera is not connected to this node or did not announce
 * what the command needs, waits at most {@code timeout} for the camera's acknowledgement — the
 * connection removes the pending entry then, and counts an ack that comes later — and ends as an
 * {@link Outcome}. Whatever the camera says its state is in the ack goes to {@link StateReports}; each
 * command is written to the camera's {@link CommandLog}.
 *
 * <p>Outcomes complete on {@code executor}, never on the gateway event loop the ack arrived on, so a
 * caller may block or write an HTTP response there.
 *
 * <p>In a cluster a camera connected to another node is reached through {@link Elsewhere} (set by the
 * cluster): the command is logged here under this node's id, sent by the camera's node
 * ({@link #sendHere}), and its outcome comes back with this node's id; a refusal from there (the camera
 * lacks a capability, or left) completes the future with {@link CommandRefused}.
 */
public final class CameraCommands {

    private static final Logger log = LoggerFactory.getLogger(CameraCommands.class);

    /** How a command ended. */
    public sealed interface Outcome permits Answered, TimedOut, WentOffline, Busy {
        long id();
    }

    /**
     * The camera answered.
     *
     * @param result {@code ok}, {@code rejected}, {@code unsupported} or {@code failed}
     * @param state  what the command left behind, by key (the camera's own report)
     */
    public record Answered(long id, String result, String message, Map<String, String> state) implements Outcome {
        public boolean ok() {
            return result.equals("ok");
        }
    }

    /** No answer within {@code after}: the camera may still have done it. */
    public record TimedOut(long id, Duration after) implements Outcome {
    }

    /** The connection ended before the answer came. */
    public record WentOffline(long id) implements Outcome {
    }

    /** Too many commands are waiting for this camera's answer already; this one was not sent. */
    public record Busy(long id) implements Outcome {
    }

    /**
     * Where a command goes when the camera is not connected to this node: the node that holds it.
     * Blocking (a directory read); called on the caller's thread, never an event loop.
     */
    @FunctionalInterface
    public interface Elsewhere {
        /**
         * Sends {@code command} through the camera's node; empty when no live node holds the camera.
         * The outcome's id is the other node's: the caller relabels it.
         */
        Optional<CompletableFuture<Outcome>> send(String serial, Command command, String kind, List<String> needs,
                                                  String by, Duration timeout);
    }

    private final Presence presence;
    private final StateReports reports;
    private final CommandLog commandLog;
    private final Duration timeout;
    private final Clock clock;
    private final Executor executor;
    private final AtomicLong ids = new AtomicLong();
    private final LongAdder timedOut = new LongAdder();
    private volatile Elsewhere elsewhere = (serial, command, kind, needs, by, t) -> Optional.empty();

    public CameraCommands(Presence presence, StateReports reports, CommandLog commandLog, Duration timeout,
                          Clock clock, Executor executor) {
        this.presence = presence;
        this.reports = reports;
        this.commandLog = commandLog;
        this.timeout = timeout;
        this.clock = clock;
        this.executor = executor;
    }

    /** Sends commands for cameras connected to other nodes through {@code route} (the cluster). */
    public void sendElsewhere(Elsewhere route) {
        this.elsewhere = route;
    }

    /** How long a command waits for its acknowledgement. */
    public Duration timeout() {
        return timeout;
    }

    /** Commands that got no answer in time since the node started. */
    public long timedOut() {
        return timedOut.sum();
    }

    /**
     * Sends {@code command} to the camera; {@code kind} names it in the log ({@code ptz.move},
     * {@code settings}…), {@code needs} are the capabilities the camera must have announced, {@code by}
     * is who sends it.
     *
     * @throws CommandRefused before sending, when the camera is offline or lacks a capability
     */
    public CompletableFuture<Outcome> send(String serial, Command.Builder command, String kind, List<String> needs,
                                           String by) {
        if (!presence.isOnline(serial)) {
            return viaItsNode(serial, command, kind, needs, by);
        }
        return sendHere(serial, command, kind, needs, by, timeout);
    }

    /**
     * {@link #send} to a camera connected to this node only, waiting at most {@code wait} for its
     * answer: what the node holding a camera does for a command another node relayed.
     *
     * @throws CommandRefused the camera is not connected here, or lacks a capability
     */
    public CompletableFuture<Outcome> sendHere(String serial, Command.Builder command, String kind,
                                               List<String> needs, String by, Duration wait) {
        CameraConnection connection = presence.get(serial)
                .orElseThrow(() -> new CommandRefused(CommandRefused.Why.OFFLINE, "camera is offline"));
        for (String capability : needs) {
            if (!connection.capabilities().contains(capability)) {
                throw new CommandRefused(CommandRefused.Why.NOT_CAPABLE, lacking(capability));
            }
        }
        long id = ids.incrementAndGet();
        commandLog.sent(serial, new CommandLog.Entry(id, kind, by, clock.instant(), "pending", null, null));
        CompletableFuture<CommandAck> ack;
        try {
            ack = connection.send(command.setId(id).build(), wait);
        } catch (RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        return ack.handleAsync((a, error) -> ended(serial, id, kind, a, error, wait), executor);
    }

    /** The camera is not here: through the node that holds it, logged here under this node's id. */
    private CompletableFuture<Outcome> viaItsNode(String serial, Command.Builder command, String kind,
                                                  List<String> needs, String by) {
        CompletableFuture<Outcome> relayed = elsewhere.send(serial, command.setId(0).build(), kind, needs, by, timeout)
                .orElseThrow(() -> new CommandRefused(CommandRefused.Why.OFFLINE, "camera is offline"));
        long id = ids.incrementAndGet();
        commandLog.sent(serial, new CommandLog.Entry(id, kind, by, clock.instant(), "pending", null, null));
        return relayed.handleAsync((outcome, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                commandLog.ended(serial, id, cause instanceof CommandRefused r && r.why() == CommandRefused.Why.OFFLINE
                        ? "offline" : "refused", cause.getMessage(), clock.instant());
                throw cause instanceof RuntimeException e ? e : new CompletionException(cause);
            }
            Outcome mine;
            if (outcome instanceof Answered a) {
                mine = new Answered(id, a.result(), a.message(), a.state());
            } else if (outcome instanceof TimedOut) {
                timedOut.increment();
                mine = new TimedOut(id, timeout);
            } else if (outcome instanceof Busy) {
                mine = new Busy(id);
            } else {
                mine = new WentOffline(id);
            }
            commandLog.ended(serial, id, logResult(mine), mine instanceof Answered a ? a.message() : null,
                    clock.instant());
            return mine;
        }, executor);
    }

    private static String logResult(Outcome outcome) {
        if (outcome instanceof Answered a) {
            return a.result();
        }
        return outcome instanceof TimedOut ? "timeout" : outcome instanceof Busy ? "busy" : "offline";
    }

    private Outcome ended(String serial, long id, String kind, CommandAck ack, Throwable error, Duration wait) {
        Outcome outcome;
        if (error == null) {
            Answered answered = new Answered(id, result(ack.getResult()), ack.getMessage(), ack.getStateMap());
            if (!ack.getStateMap().isEmpty()) {
                reports.report(serial, ack.getStateMap(), false);
            }
            commandLog.ended(serial, id, answered.result(), answered.message(), clock.instant());
            return answered;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            timedOut.increment();
            outcome = new TimedOut(id, wait);
            commandLog.ended(serial, id, "timeout", "no answer within " + wait.toMillis() + " ms", clock.instant());
        } else if (cause instanceof RejectedExecutionException) {
            outcome = new Busy(id);
            commandLog.ended(serial, id, "busy", cause.getMessage(), clock.instant());
        } else {
            log.info("command {} ({}) to camera {} ended without an answer: {}", id, kind, serial, cause.toString());
            outcome = new WentOffline(id);
            commandLog.ended(serial, id, "offline", "the camera went offline before answering", clock.instant());
        }
        return outcome;
    }

    /** {@code RESULT_OK} → {@code "ok"}; an unset or unknown result is a failure. */
    static String result(CommandAck.Result r) {
        if (r == null || r == CommandAck.Result.UNRECOGNIZED || r == CommandAck.Result.RESULT_UNSPECIFIED) {
            return "failed";
        }
        return r.name().substring("RESULT_".length()).toLowerCase(Locale.ROOT);
    }

    private static String lacking(String capability) {
        String what = switch (capability) {
            case SettingKeys.PTZ -> "this camera has no PTZ";
            case SettingKeys.IMAGE -> "this camera cannot change its picture or day/night mode";
            case SettingKeys.EVENTS -> "this camera has no motion or sound detection";
            case SettingKeys.EVENT_RECORDING -> "this camera cannot record events only";
            default -> "this camera cannot do that";
        };
        return what + " (it did not announce " + capability + ")";
    }
}
