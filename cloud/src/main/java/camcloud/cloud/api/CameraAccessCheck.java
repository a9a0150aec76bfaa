package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.ownership.AccessControl;
import camcloud.cloud.ownership.CameraAccess;
import io.javalin.http.Context;

/**
 * The camera named in a request's path, as the caller may use it — or the refusal. A camera the
 * caller has no access to is "unknown camera" (404), the same answer as a serial that does not
 * exist, which tells a prober nothing; a camera they know but may not use this way is 403 with the
 * reason.
 */
final class CameraAccessCheck {

    private final AccessControl access;

    CameraAccessCheck(AccessControl access) {
        this.access = access;
    }

    AccessControl control() {
        return access;
    }

    /** Any access: owner, viewer, or former owner with kept recordings (archive, timeline, export). */
    CameraAccess any(User user, Context ctx) {
        return access.of(user.id(), serialOf(ctx)).orElseThrow(ApiError::unknownCamera);
    }

    /** Live video and the camera's state now: owner or viewer. */
    CameraAccess live(User user, Context ctx) {
        CameraAccess a = any(user, ctx);
        if (!a.live()) {
            throw ApiError.forbidden("you released this camera: only the recordings you kept are yours");
        }
        return a;
    }

    /** Settings, commands, sharing, release: the owner only. */
    CameraAccess manage(User user, Context ctx) {
        CameraAccess a = any(user, ctx);
        if (!a.manage()) {
            throw ApiError.forbidden(a.role() == CameraAccess.Role.VIEWER
                    ? "this camera is shared with you to view only: only its owner can change it"
                    : "you released this camera: only the recordings you kept are yours");
        }
        return a;
    }

    /** The serial in the path; longer than any serial is no camera. */
    static String serialOf(Context ctx) {
        String serial = ctx.pathParam("serial");
        if (serial.isEmpty() || serial.length() > 64) {
            throw ApiError.unknownCamera();
        }
        return serial;
    }
}
