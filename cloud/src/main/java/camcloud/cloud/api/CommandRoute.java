package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.control.CameraCommands;
import camcloud.cloud.control.CommandLog;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.Ping;
import camcloud.protocol.v1.Reboot;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/cameras/{serial}/commands} ({@code {"type": "ping|reboot"}}): sends the command
 * through {@link CameraCommands} and answers as {@link CommandAnswer} says; {@code GET} on the same
 * path lists the camera's recent commands (PTZ, settings, day/night too), newest first. Owner only.
 */
final class CommandRoute {

    private static final Set<String> FIELDS = Set.of("type");

    private final CameraCommands commands;
    private final CommandLog commandLog;
    private final CameraAccessCheck access;
    private final SignedIn signedIn;
    private final int maxBodyBytes;

    CommandRoute(CameraCommands commands, CommandLog commandLog, CameraAccessCheck access, SignedIn signedIn,
                 int maxBodyBytes) {
        this.commands = commands;
        this.commandLog = commandLog;
        this.access = access;
        this.signedIn = signedIn;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.post("/api/cameras/{serial}/commands", this::send);
        app.get("/api/cameras/{serial}/commands", this::list);
    }

    private void send(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, FIELDS);
        String type = body.requiredString("type", 32).toLowerCase(Locale.ROOT);
        Command.Builder command = switch (type) {
            case "ping" -> Command.newBuilder().setPing(Ping.getDefaultInstance());
            case "reboot" -> Command.newBuilder().setReboot(Reboot.getDefaultInstance());
            default -> throw ApiError.badRequest("field 'type' must be one of: ping, reboot");
        };
        CommandAnswer.send(ctx, () -> commands.send(serial, command, type, List.of(), user.username()));
    }

    private void list(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        ctx.json(Map.of("commands", commandLog.recent(serial).stream().map(CommandRoute::view).toList()));
    }

    private static Map<String, Object> view(CommandLog.Entry e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", e.id());
        v.put("kind", e.kind());
        v.put("by", e.by());
        v.put("at", e.sentAt().toString());
        v.put("result", e.result());
        v.put("message", e.message());
        v.put("endedAt", e.endedAt() == null ? null : e.endedAt().toString());
        return v;
    }
}
