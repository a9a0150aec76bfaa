package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.control.CameraCommands;
import camcloud.cloud.control.CameraSettings;
import camcloud.cloud.control.SettingKeys;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.PtzMove;
import camcloud.protocol.v1.PtzPreset;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Moving a camera's pan/tilt head, owner only, for cameras that announced {@code ptz.v1} (others get
 * 501 "this camera has no PTZ" before anything is sent):
 * <ul>
 *   <li>{@code POST /api/cameras/{serial}/ptz} {@code {"pan": deg, "tilt": deg, "relative": bool,
 *       "speed": deg/s}} — an absolute move needs both angles, a relative one moves by what it names;
 *       or {@code {"stop": true}}.</li>
 *   <li>{@code PUT /api/cameras/{serial}/ptz/presets/{name}} saves the current position under
 *       {@code name}; {@code POST …/{name}/goto} goes there; {@code DELETE …/{name}} forgets it.</li>
 * </ul>
 * The cloud checks the shape (numbers, names); the camera checks its own limits and rejects a target
 * outside them (400 with its message).
 */
final class PtzRoutes {

    private static final Set<String> MOVE_FIELDS = Set.of("pan", "tilt", "relative", "speed", "stop");
    /** Beyond any head: the camera's own limits are narrower and it checks them. */
    private static final double MAX_PAN = 360;
    private static final double MAX_TILT = 180;
    private static final double MAX_SPEED = 1000;
    private static final Pattern PRESET = Pattern.compile("[A-Za-z0-9 _-]{1,32}");
    private static final List<String> NEEDS = List.of(SettingKeys.PTZ);

    private final CameraCommands commands;
    private final CameraSettings settings;
    private final CameraAccessCheck access;
    private final SignedIn signedIn;
    private final int maxBodyBytes;

    PtzRoutes(CameraCommands commands, CameraSettings settings, CameraAccessCheck access, SignedIn signedIn,
              int maxBodyBytes) {
        this.commands = commands;
        this.settings = settings;
        this.access = access;
        this.signedIn = signedIn;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.post("/api/cameras/{serial}/ptz", this::move);
        app.put("/api/cameras/{serial}/ptz/presets/{name}", ctx -> preset(ctx, PtzPreset.Action.ACTION_SAVE));
        app.post("/api/cameras/{serial}/ptz/presets/{name}/goto", ctx -> preset(ctx, PtzPreset.Action.ACTION_GOTO));
        app.delete("/api/cameras/{serial}/ptz/presets/{name}", ctx -> preset(ctx, PtzPreset.Action.ACTION_DELETE));
    }

    private void move(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, MOVE_FIELDS);
        PtzMove.Builder move = PtzMove.newBuilder();
        String kind;
        if (body.optionalBoolean("stop", false)) {
            if (body.has("pan") || body.has("tilt") || body.has("relative") || body.has("speed")) {
                throw ApiError.badRequest("a stop takes no other field");
            }
            move.setStop(true);
            kind = "ptz.stop";
        } else {
            boolean relative = body.optionalBoolean("relative", false);
            OptionalDouble pan = body.optionalNumber("pan", -MAX_PAN, MAX_PAN);
            OptionalDouble tilt = body.optionalNumber("tilt", -MAX_TILT, MAX_TILT);
            OptionalDouble speed = body.optionalNumber("speed", 0, MAX_SPEED);
            if (pan.isEmpty() && tilt.isEmpty()) {
                throw ApiError.badRequest("give 'pan' and 'tilt' (degrees), or 'stop': true");
            }
            if (!relative && (pan.isEmpty() || tilt.isEmpty())) {
                throw ApiError.badRequest("an absolute move needs both 'pan' and 'tilt'; for one axis send "
                        + "'relative': true");
            }
            move.setPanDeg(pan.orElse(0)).setTiltDeg(tilt.orElse(0)).setRelative(relative)
                    .setSpeedDegPerS(speed.orElse(0));
            kind = relative ? "ptz.move.relative" : "ptz.move";
        }
        CommandAnswer.send(ctx, () -> commands.send(serial, Command.newBuilder().setPtzMove(move), kind, NEEDS,
                user.username()));
    }

    private void preset(Context ctx, PtzPreset.Action action) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        String name = ctx.pathParam("name");
        if (!PRESET.matcher(name).matches()) {
            throw ApiError.badRequest("a preset name is 1 to 32 letters, digits, spaces, _ or -");
        }
        CommandAnswer.send(ctx, () -> settings.preset(serial, action, name, user.username()));
    }
}
