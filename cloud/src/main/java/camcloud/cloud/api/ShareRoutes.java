package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.account.Users;
import camcloud.cloud.ownership.CameraAccess;
import camcloud.cloud.ownership.Ownership;
import camcloud.cloud.ownership.Shares;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Set;

/**
 * An owner sharing a camera with other accounts, view-only (live video and the recordings of the
 * current ownership, nothing else), and ending it:
 *
 * <ul>
 *   <li>{@code GET /api/cameras/{serial}/shares}: the viewers (owner only);</li>
 *   <li>{@code POST /api/cameras/{serial}/shares} {@code {"username": "bob"}}: shares (owner only;
 *       201, or 200 when it already was);</li>
 *   <li>{@code DELETE /api/cameras/{serial}/shares/{username}}: the owner revokes a share, or a
 *       viewer leaves it (204). Their live video ends within a second or two.</li>
 * </ul>
 */
final class ShareRoutes {

    private static final Set<String> FIELDS = Set.of("username");

    /** A viewer as the owner sees the list. */
    record ShareView(String username, String since) {
        static ShareView of(Shares.Share s) {
            return new ShareView(s.viewer(), Instant.ofEpochMilli(s.createdAtMillis()).toString());
        }
    }

    private final Users users;
    private final Shares shares;
    private final SignedIn signedIn;
    private final CameraAccessCheck access;
    private final int maxBodyBytes;

    ShareRoutes(Users users, SignedIn signedIn, CameraAccessCheck access, int maxBodyBytes) {
        this.users = users;
        this.shares = access.control().shares();
        this.signedIn = signedIn;
        this.access = access;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.get("/api/cameras/{serial}/shares", this::list);
        app.post("/api/cameras/{serial}/shares", this::share);
        app.delete("/api/cameras/{serial}/shares/{username}", this::revoke);
    }

    private void list(Context ctx) {
        Ownership ownership = currentOwnership(access.manage(signedIn.require(ctx), ctx));
        ctx.json(shares.of(ownership).stream().map(ShareView::of).toList());
    }

    private void share(Context ctx) {
        User owner = signedIn.require(ctx);
        Ownership ownership = currentOwnership(access.manage(owner, ctx));
        String name = JsonBody.read(ctx, maxBodyBytes, FIELDS).requiredString("username", 64);
        User viewer = users.findByName(name).orElseThrow(() -> ApiError.notFound("no account is named '"
                + name.strip() + "'"));
        if (viewer.id() == owner.id()) {
            throw ApiError.badRequest("this camera is yours already");
        }
        boolean added = shares.add(ownership, viewer.id());
        ShareView view = shares.of(ownership).stream().filter(s -> s.viewer().equals(viewer.username()))
                .map(ShareView::of).findFirst().orElseThrow(ApiError::unknownCamera); // released meanwhile
        ctx.status(added ? 201 : 200).json(view);
    }

    private void revoke(Context ctx) {
        User user = signedIn.require(ctx);
        CameraAccess camera = access.any(user, ctx);
        User viewer = users.findByName(ctx.pathParam("username")).orElse(null);
        boolean self = viewer != null && viewer.id() == user.id();
        if (!camera.manage() && !(self && camera.role() == CameraAccess.Role.VIEWER)) {
            throw ApiError.forbidden("only the camera's owner can end another account's access");
        }
        if (viewer == null || !shares.remove(currentOwnership(camera), viewer.id())) {
            throw ApiError.notFound("this camera is not shared with '" + ctx.pathParam("username") + "'");
        }
        ctx.status(204);
    }

    private Ownership currentOwnership(CameraAccess camera) {
        return access.control().ownerships().current(camera.serial()).orElseThrow(ApiError::unknownCamera);
    }
}
