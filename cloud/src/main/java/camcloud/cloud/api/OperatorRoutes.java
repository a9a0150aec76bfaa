package camcloud.cloud.api;

import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import camcloud.cloud.tag.CameraTags;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
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
    private final CameraTags tags;
    private static final ObjectMapper JSON = new ObjectMapper();

    OperatorRoutes(DeviceStore devices, Presence presence, String operatorToken, CameraTags tags) {
        this.devices = devices;
        this.presence = presence;
        this.operator = new OperatorAuth(operatorToken);
        this.tags = tags;
    }

    void addTo(Javalin app) {
        app.get("/api/operator/cameras", this::cameras);
    }

    /** Every camera with its tags; {@code ?tag=qa} only those carrying the tag. */
    private void cameras(Context ctx) {
        operator.require(ctx);
        String tag = ctx.queryParam("tag");
        if (tag != null) {
            try {
                CameraTags.check(tag);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        }
        Map<String, List<String>> tagsOf = tags.all();
        ctx.json(devices.all().stream()
                .filter(d -> tag == null || tagsOf.getOrDefault(d.serial(), List.of()).contains(tag))
                .map(d -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> view = JSON.convertValue(CameraView.forOperator(d, presence), Map.class);
                    view.put("tags", tagsOf.getOrDefault(d.serial(), List.of()));
                    return view;
                }).toList());
    }


}
