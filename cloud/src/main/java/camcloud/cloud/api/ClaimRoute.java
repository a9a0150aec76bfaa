package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.claim.CameraName;
import camcloud.cloud.claim.Claiming;
import camcloud.cloud.device.Presence;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Set;

/**
 * {@code POST /api/cameras/claim}: the camera whose label code is typed becomes the caller's.
 * Malformed code → 400, wrong code → 404 (counted), claimed → 409, too many wrong codes → 429 with
 * {@code Retry-After}. The code itself is never logged nor echoed back.
 */
final class ClaimRoute {

    private static final Set<String> FIELDS = Set.of("code", "name");

    private final Claiming claiming;
    private final ClientAddress clientAddress;
    private final Presence presence;
    private final SignedIn signedIn;
    private final int maxBodyBytes;

    ClaimRoute(Claiming claiming, ClientAddress clientAddress, Presence presence, SignedIn signedIn, int maxBodyBytes) {
        this.claiming = claiming;
        this.clientAddress = clientAddress;
        this.presence = presence;
        this.signedIn = signedIn;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.post("/api/cameras/claim", this::claim);
    }

    private void claim(Context ctx) {
        User user = signedIn.require(ctx);
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, FIELDS);
        String code = body.requiredString("code", 64);
        String name = CameraName.clean(body.requiredString("name", 4 * CameraName.MAX));
        CameraName.problem(name).ifPresent(p -> {
            throw ApiError.badRequest(p);
        });
        Claiming.Outcome outcome = claiming.claim(user.id(), clientAddress.limitKey(ctx.req()), code, name);
        if (outcome instanceof Claiming.Outcome.Claimed c) {
            ctx.status(201).json(CameraView.owned(c.device(), presence));
        } else if (outcome instanceof Claiming.Outcome.Malformed) {
            throw ApiError.badRequest("field 'code' is not a claim code: expected 15 letters and digits "
                    + "as printed on the camera's label, e.g. 7K3QF-XW9TD-M2HRP");
        } else if (outcome instanceof Claiming.Outcome.UnknownCode) {
            throw ApiError.notFound("unknown claim code");
        } else if (outcome instanceof Claiming.Outcome.AlreadyClaimed a) {
            throw ApiError.conflict(a.byCaller() ? "camera is already yours" : "camera is already claimed");
        } else if (outcome instanceof Claiming.Outcome.Limited l) {
            throw ApiError.tooManyRequests("too many wrong claim codes; try again in "
                    + ApiError.retryAfterSeconds(l.retryAfter()) + " s", l.retryAfter());
        }
    }
}
