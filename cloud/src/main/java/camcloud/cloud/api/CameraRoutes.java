package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.claim.CameraName;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import camcloud.cloud.ownership.CameraAccess;
import camcloud.cloud.ownership.CameraRelease;
import camcloud.cloud.ownership.Ownerships;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/**
 * The cameras a user may see — their own, those shared with them, those they released with their
 * recordings kept — and what an owner does with one: show, rename, release. Every lookup goes
 * through {@link CameraAccessCheck}: another user's camera is "unknown camera", the same 404 as a
 * serial that does not exist.
 *
 * <p>{@code DELETE /api/cameras/{serial}?recordings=keep|delete} releases a camera: its label's code
 * works again for the next owner, who sees nothing recorded before their claim. The owner must say
 * what happens to what was recorded while it was theirs: {@code keep} (theirs alone, until
 * retention deletes it; the camera stays in their list as a former camera) or {@code delete} (now).
 * {@code DELETE /api/cameras/{serial}/recordings} deletes the kept recordings of a former camera.
 */
final class CameraRoutes {

    private static final Set<String> RENAME_FIELDS = Set.of("name");

    private final DeviceStore devices;
    private final Presence presence;
    private final SignedIn signedIn;
    private final CameraAccessCheck access;
    private final CameraRelease release;
    private final int maxBodyBytes;

    CameraRoutes(DeviceStore devices, Presence presence, SignedIn signedIn, CameraAccessCheck access,
                 CameraRelease release, int maxBodyBytes) {
        this.devices = devices;
        this.presence = presence;
        this.signedIn = signedIn;
        this.access = access;
        this.release = release;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.get("/api/cameras", this::list);
        app.get("/api/cameras/{serial}", this::show);
        app.patch("/api/cameras/{serial}", this::rename);
        app.delete("/api/cameras/{serial}", this::release);
        app.delete("/api/cameras/{serial}/recordings", this::deleteKept);
    }

    private void list(Context ctx) {
        User user = signedIn.require(ctx);
        ctx.json(access.control().cameras(user.id()).stream().map(a -> CameraView.of(a, presence)).toList());
    }

    private void show(Context ctx) {
        User user = signedIn.require(ctx);
        ctx.json(CameraView.of(access.any(user, ctx), presence));
    }

    private void rename(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, RENAME_FIELDS);
        String name = CameraName.clean(body.requiredString("name", 4 * CameraName.MAX));
        CameraName.problem(name).ifPresent(p -> {
            throw ApiError.badRequest(p);
        });
        if (!devices.rename(user.id(), serial, name)) {
            throw ApiError.unknownCamera(); // released in the meantime
        }
        ctx.json(CameraView.of(access.manage(user, ctx), presence));
    }

    private void release(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        Ownerships.Recordings choice = recordingsChoice(ctx.queryParam("recordings"));
        if (release.release(user.id(), serial, choice).isEmpty()) {
            throw ApiError.unknownCamera(); // released in the meantime
        }
        ctx.status(204);
    }

    private void deleteKept(Context ctx) {
        User user = signedIn.require(ctx);
        CameraAccess a = access.any(user, ctx);
        if (a.role() == CameraAccess.Role.VIEWER) {
            throw ApiError.forbidden("this camera is shared with you to view only: its recordings are its owner's");
        }
        if (release.deleteKept(user.id(), a.serial()) == 0) {
            throw ApiError.notFound("you kept no recordings of this camera from an earlier ownership");
        }
        ctx.status(204);
    }

    private static Ownerships.Recordings recordingsChoice(String value) {
        if (value == null || value.isBlank()) {
            throw ApiError.badRequest("say what happens to the recordings: add ?recordings=keep (yours alone "
                    + "until retention ends) or ?recordings=delete (deleted now)");
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "keep" -> Ownerships.Recordings.KEEP;
            case "delete" -> Ownerships.Recordings.DELETE;
            default -> throw ApiError.badRequest("'recordings' must be keep or delete");
        };
    }
}
