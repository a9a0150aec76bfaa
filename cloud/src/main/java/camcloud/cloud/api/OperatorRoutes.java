package camcloud.cloud.api;

import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * Endpoints for the people who run the platform, authorised by {@code Authorization: Bearer <token>}
 * with the operator token from the settings. The comparison is constant-time (over SHA-256 digests,
 * so not even the token's length leaks); without a configured token every operator call is refused.
 */
final class OperatorRoutes {


    private final DeviceStore devices;
    private final Presence presence;
    /** SHA-256 of the operator token; null when operator access is off. */
    private final OperatorAuth operator;

    OperatorRoutes(DeviceStore devices, Presence presence, String operatorToken) {
        this.devices = devices;
        this.presence = presence;
        this.operator = new OperatorAuth(operatorToken);
    }

    void addTo(Javalin app) {
        app.get("/api/operator/cameras", this::cameras);
    }

    private void cameras(Context ctx) {
        operator.require(ctx);
        ctx.json(devices.all().stream().map(d -> CameraView.forOperator(d, presence)).toList());
    }


}
