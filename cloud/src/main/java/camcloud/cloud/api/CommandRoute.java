package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.device.CameraConnection;
import camcloud.cloud.device.Presence;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Ping;
import camcloud.protocol.v1.Reboot;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/cameras/{serial}/commands}: sends a command to the caller's connected camera and
 * answers with its acknowledgement. The wait is asynchronous ({@code ctx.future}): no Jetty thread
 * is held while the camera thinks, and the wait is bounded by {@link ApiSettings#commandTimeout}.
 */
final class CommandRoute {

    private static final Logger log = LoggerFactory.getLogger(CommandRoute.class);
    private static final Set<String> FIELDS = Set.of("type");
    private static final Map<String, Command> COMMANDS = Map.of(
            "ping", Command.newBuilder().setPing(Ping.getDefaultInstance()).build(),
            "reboot", Command.newBuilder().setReboot(Reboot.getDefaultInstance()).build());

    /** The camera's answer. */
    record Answer(String result, String message) {
    }

    private final CameraAccessCheck access;
    private final Presence presence;
    private final SignedIn signedIn;
    private final Duration timeout;
    private final int maxBodyBytes;

    CommandRoute(CameraAccessCheck access, Presence presence, SignedIn signedIn, Duration timeout, int maxBodyBytes) {
        this.access = access;
        this.presence = presence;
        this.signedIn = signedIn;
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.post("/api/cameras/{serial}/commands", this::send);
    }

    private void send(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, FIELDS);
        String type = body.requiredString("type", 32);
        Command command = COMMANDS.get(type.toLowerCase(Locale.ROOT));
        if (command == null) {
            throw ApiError.badRequest("field 'type' must be one of: ping, reboot");
        }
        CameraConnection connection = presence.get(serial).orElseThrow(() -> ApiError.conflict("camera is offline"));
        ctx.future(() -> {
            CompletableFuture<CommandAck> ack;
            try {
                ack = connection.send(command);
            } catch (RuntimeException e) {
                ack = CompletableFuture.failedFuture(e);
            }
            // handleAsync: the ack may complete on a gateway event loop, which must not write HTTP responses.
            return ack.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handleAsync((a, error) -> {
                        if (error == null) {
                            ctx.json(new Answer(result(a.getResult()), a.getMessage()));
                        } else {
                            answerFailure(ctx, serial, type, error);
                        }
                        return null;
                    });
        });
    }

    private void answerFailure(Context ctx, String serial, String type, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            ctx.status(504).json(Map.of("error", "camera did not answer within " + timeout.toSeconds() + " s"));
        } else {
            log.info("command {} to camera {} failed: {}", type, serial, cause.toString());
            ctx.status(409).json(Map.of("error", "camera went offline before answering"));
        }
    }

    /** {@code RESULT_OK} → {@code "ok"}. */
    private static String result(CommandAck.Result r) {
        if (r == null || r == CommandAck.Result.UNRECOGNIZED || r == CommandAck.Result.RESULT_UNSPECIFIED) {
            return "unspecified";
        }
        return r.name().substring("RESULT_".length()).toLowerCase(Locale.ROOT);
    }
}
