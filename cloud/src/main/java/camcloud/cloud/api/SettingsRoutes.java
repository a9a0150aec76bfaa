package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.control.CameraSettings;
import camcloud.cloud.device.Presence;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A camera's settings, owner only:
 * <ul>
 *   <li>{@code GET /api/cameras/{serial}/settings} → {@code {"settings": {KEY: VALUE}, "state": {...},
 *       "online": bool}} — what the camera reported, else what the owner set, else the defaults; and
 *       its PTZ position, presets, day/night state and limits ({@code caps.*}).</li>
 *   <li>{@code PATCH /api/cameras/{serial}/settings} {@code {KEY: VALUE, ...}} (strings, numbers or
 *       booleans) → checked here ({@code SettingKeys}: a bad key or value is a 400 naming it and nothing
 *       is sent), sent as ApplySettings, answered as {@link CommandAnswer} says.</li>
 *   <li>{@code PUT /api/cameras/{serial}/daynight} {@code {"mode": "auto|day|night"}}.</li>
 * </ul>
 */
final class SettingsRoutes {

    private static final Set<String> DAYNIGHT_FIELDS = Set.of("mode");

    private final CameraSettings settings;
    private final Presence presence;
    private final CameraAccessCheck access;
    private final SignedIn signedIn;
    private final int maxBodyBytes;

    SettingsRoutes(CameraSettings settings, Presence presence, CameraAccessCheck access, SignedIn signedIn,
                   int maxBodyBytes) {
        this.settings = settings;
        this.presence = presence;
        this.access = access;
        this.signedIn = signedIn;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.get("/api/cameras/{serial}/settings", this::show);
        app.patch("/api/cameras/{serial}/settings", this::change);
        app.put("/api/cameras/{serial}/daynight", this::dayNight);
    }

    private void show(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        CameraSettings.View view = settings.view(serial);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("settings", view.settings());
        body.put("state", view.state());
        body.put("online", presence.onlineAnywhere(serial));
        ctx.json(body);
    }

    private void change(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        Map<String, String> changes = JsonBody.readObject(ctx, maxBodyBytes).scalars();
        CommandAnswer.send(ctx, () -> settings.apply(serial, changes, user.username()));
    }

    private void dayNight(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        String mode = JsonBody.read(ctx, maxBodyBytes, DAYNIGHT_FIELDS).requiredString("mode", 16);
        CommandAnswer.send(ctx, () -> settings.dayNight(serial, mode, user.username()));
    }
}
