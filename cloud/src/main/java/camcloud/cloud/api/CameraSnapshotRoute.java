package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.event.LatestPictures;
import camcloud.cloud.ownership.CameraAccess;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/cameras/{serial}/snapshot.jpg}: the camera's latest picture, decoded from its newest
 * keyframe ({@link LatestPictures}: cached a few seconds, a bounded pool of decoders), for the owner
 * and the viewers of a share — what a grid of cameras shows instead of a live stream per card. The
 * picture must lie in the caller's video (a camera claimed a moment ago shows nothing from before the
 * claim). The request waits for the decode without holding a Jetty thread. 404 with the reason when
 * there is no picture; 503 with {@code Retry-After} when every decoder is busy.
 */
final class CameraSnapshotRoute {

    private final LatestPictures pictures;
    private final CameraAccessCheck access;
    private final SignedIn signedIn;

    CameraSnapshotRoute(LatestPictures pictures, CameraAccessCheck access, SignedIn signedIn) {
        this.pictures = pictures;
        this.access = access;
        this.signedIn = signedIn;
    }

    void addTo(Javalin app) {
        app.get("/api/cameras/{serial}/snapshot.jpg", this::snapshot);
    }

    private void snapshot(Context ctx) {
        User user = signedIn.require(ctx);
        CameraAccess camera = access.live(user, ctx);
        Optional<Long> at = pictures.keyframeTime(camera.serial());
        if (at.isEmpty()) {
            throw ApiError.notFound("camera " + camera.serial() + " has sent no video since this node started");
        }
        if (!visible(camera, at.get())) {
            throw ApiError.notFound("camera " + camera.serial() + " has sent no picture since it became yours");
        }
        ctx.future(() -> pictures.of(camera.serial()).thenAccept(answer -> answer(ctx, camera, answer)));
    }

    private void answer(Context ctx, CameraAccess camera, LatestPictures.Answer answer) {
        if (answer instanceof LatestPictures.Found found && visible(camera, found.timeMicros())) {
            ctx.header("Cache-Control", "private, max-age=" + Math.max(1, pictures.maxAgeSeconds()));
            ctx.contentType("image/jpeg").result(found.jpeg());
        } else if (answer instanceof LatestPictures.None none) {
            ctx.status(404).json(Map.of("error", none.reason()));
        } else if (answer instanceof LatestPictures.Busy) {
            ctx.header("Retry-After", "1");
            ctx.status(503).json(Map.of("error", "every snapshot decoder is busy; retry in a second"));
        } else {
            ctx.status(404).json(Map.of("error", "camera " + camera.serial() + " has sent no picture since it "
                    + "became yours"));
        }
    }

    private static boolean visible(CameraAccess camera, long micros) {
        return camera.windows().stream().anyMatch(w -> micros >= w.fromMicros() && micros < w.toMicros());
    }
}
