package camcloud.cloud.api;

import camcloud.cloud.control.CameraCommands;
import camcloud.cloud.control.CameraCommands.Outcome;
import camcloud.cloud.control.CommandRefused;
import camcloud.cloud.control.InvalidSetting;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * How every camera command answers over HTTP: {@code COMMAND_RESULT}
 * ({@code {"id", "result", "message", "state"}}) with 200 when the camera did it; with 400 and an
 * {@code "error"} when it rejected it (its message), 501 when it does not know it, 502 when it failed
 * doing it; 409 at once when the camera is offline; 504 with the id when it did not answer in time.
 *
 * <p>The wait is asynchronous ({@code ctx.future}): no Jetty thread is held while the camera thinks,
 * and outcomes complete on the control executor, never on the gateway event loop the ack came in on.
 */
final class CommandAnswer {

    private CommandAnswer() {
    }

    /**
     * Sends what {@code command} starts and answers with how it ended. {@link InvalidSetting} and
     * {@link CommandRefused}, thrown before anything is sent, become 400, 409 and 501.
     */
    static void send(Context ctx, Supplier<CompletableFuture<Outcome>> command) {
        CompletableFuture<Outcome> outcome;
        try {
            outcome = command.get();
        } catch (InvalidSetting e) {
            throw ApiError.badRequest(e.getMessage());
        } catch (CommandRefused e) {
            throw e.why() == CommandRefused.Why.OFFLINE ? ApiError.conflict(e.getMessage())
                    : ApiError.notImplemented(e.getMessage());
        }
        ctx.future(() -> outcome.handle((o, error) -> {
            if (error == null) {
                answer(ctx, o);
            } else if (unwrap(error) instanceof CommandRefused e) {
                // Refused by the node that holds the camera (cluster): answered as a refusal here would be.
                ctx.status(e.why() == CommandRefused.Why.OFFLINE ? 409 : 501).json(Map.of("error", e.getMessage()));
            } else {
                throw error instanceof java.util.concurrent.CompletionException c ? c
                        : new java.util.concurrent.CompletionException(error);
            }
            return null;
        }));
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }

    private static void answer(Context ctx, Outcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (outcome instanceof CameraCommands.Answered a) {
            body.put("id", a.id());
            body.put("result", a.result());
            body.put("message", a.message());
            body.put("state", a.state());
            int status = switch (a.result()) {
                case "ok" -> 200;
                case "rejected" -> 400;
                case "unsupported" -> 501;
                default -> 502;
            };
            if (status != 200) {
                body.put("error", a.message().isBlank() ? "the camera answered " + a.result() : a.message());
            }
            ctx.status(status).json(body);
        } else if (outcome instanceof CameraCommands.TimedOut t) {
            body.put("error", "camera did not answer within " + seconds(t.after()));
            body.put("id", t.id());
            ctx.status(504).json(body);
        } else if (outcome instanceof CameraCommands.Busy b) {
            body.put("error", "camera has too many commands waiting for its answer; try again");
            body.put("id", b.id());
            ctx.header("Retry-After", "1");
            ctx.status(429).json(body);
        } else {
            body.put("error", "camera went offline before answering");
            body.put("id", outcome.id());
            ctx.status(409).json(body);
        }
    }

    /** {@code 10 s}, {@code 0.3 s}. */
    static String seconds(Duration d) {
        long millis = d.toMillis();
        return (millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0)) + " s";
    }
}
