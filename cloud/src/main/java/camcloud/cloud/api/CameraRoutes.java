package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.claim.CameraName;
import camcloud.cloud.device.Device;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Set;

/**
 * A user's own cameras: list, show, rename, release. Every lookup goes through
 * {@link DeviceStore#ownedBy(long, String)}, so another user's camera is "unknown camera" — the
 * same 404 as a serial that does not exist, which tells a prober nothing.
 */
final class CameraRoutes {

    private static final Set<String> RENAME_FIELDS = Set.of("name");

    private final DeviceStore devices;
    private final Presence presence;
    private final SignedIn signedIn;
    private final int maxBodyBytes;

    CameraRoutes(DeviceStore devices, Presence presence, SignedIn signedIn, int maxBodyBytes) {
        this.devices = devices;
        this.presence = presence;
        this.signedIn = signedIn;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.get("/api/cameras", this::list);
        app.get("/api/cameras/{serial}", this::show);
        app.patch("/api/cameras/{serial}", this::rename);
        app.delete("/api/cameras/{serial}", this::release);
    }

    private void list(Context ctx) {
        User user = signedIn.require(ctx);
        ctx.json(devices.ownedBy(user.id()).stream().map(d -> CameraView.of(d, presence)).toList());
    }

    private void show(Context ctx) {
        User user = signedIn.require(ctx);
        ctx.json(CameraView.of(owned(user, ctx), presence));
    }

    private void rename(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = owned(user, ctx).serial();
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, RENAME_FIELDS);
        String name = CameraName.clean(body.requiredString("name", 4 * CameraName.MAX));
        CameraName.problem(name).ifPresent(p -> {
            throw ApiError.badRequest(p);
        });
        if (!devices.rename(user.id(), serial, name)) {
            throw ApiError.unknownCamera(); // released in the meantime
        }
        ctx.json(CameraView.of(devices.ownedBy(user.id(), serial).orElseThrow(ApiError::unknownCamera), presence));
    }

    private void release(Context ctx) {
        User user = signedIn.require(ctx);
        if (!devices.release(user.id(), serialOf(ctx))) {
            throw ApiError.unknownCamera();
        }
        ctx.status(204);
    }

    /** The caller's camera named in the path, or 404. */
    static Device owned(User user, Context ctx, DeviceStore devices) {
        return devices.ownedBy(user.id(), serialOf(ctx)).orElseThrow(ApiError::unknownCamera);
    }

    private Device owned(User user, Context ctx) {
        return owned(user, ctx, devices);
    }

    static String serialOf(Context ctx) {
        String serial = ctx.pathParam("serial");
        if (serial.isEmpty() || serial.length() > 64) {
            throw ApiError.unknownCamera();
        }
        return serial;
    }
}
