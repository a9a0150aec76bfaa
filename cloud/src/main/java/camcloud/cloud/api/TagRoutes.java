package camcloud.cloud.api;

import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.tag.CameraTags;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Camera tags for operators ({@code Authorization: Bearer <operator token>}): a camera's tags replaced
 * at once ({@code PUT /api/operator/cameras/{serial}/tags}), or one tag put on and taken off many
 * cameras ({@code POST /api/operator/tags/{tag}}). The operator camera list filters by tag
 * ({@code GET /api/operator/cameras?tag=qa}, {@link OperatorRoutes}).
 */
final class TagRoutes {

    private static final int MAX_CAMERAS = 100_000;

    private final CameraTags tags;
    private final DeviceStore devices;
    private final OperatorAuth operator;
    private final int maxBody;

    TagRoutes(CameraTags tags, DeviceStore devices, String operatorToken, int maxBody) {
        this.tags = tags;
        this.devices = devices;
        this.operator = new OperatorAuth(operatorToken);
        this.maxBody = maxBody;
    }

    void addTo(Javalin app) {
        app.put("/api/operator/cameras/{serial}/tags", this::set);
        app.get("/api/operator/cameras/{serial}/tags", this::get);
        app.post("/api/operator/tags/{tag}", this::change);
    }

    private void set(Context ctx) {
        operator.require(ctx);
        String serial = camera(ctx);
        List<String> wanted = JsonBody.read(ctx, maxBody, Set.of("tags"))
                .optionalStrings("tags", CameraTags.MAX_PER_CAMERA, 64)
                .orElseThrow(() -> ApiError.badRequest("field 'tags' is required (an empty array takes every tag off)"));
        List<String> set;
        try {
            set = tags.set(serial, wanted);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        ctx.json(view(serial, set));
    }

    private void get(Context ctx) {
        operator.require(ctx);
        String serial = camera(ctx);
        ctx.json(view(serial, tags.of(serial)));
    }

    private void change(Context ctx) {
        operator.require(ctx);
        String tag = ctx.pathParam("tag");
        try {
            CameraTags.check(tag);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        JsonBody body = JsonBody.read(ctx, maxBody, Set.of("add", "remove"));
        List<String> add = body.optionalStrings("add", MAX_CAMERAS, 64).orElse(List.of());
        List<String> remove = body.optionalStrings("remove", MAX_CAMERAS, 64).orElse(List.of());
        if (!add.isEmpty()) {
            Set<String> known = new java.util.HashSet<>(devices.all().stream().map(d -> d.serial()).toList());
            add.stream().filter(s -> !known.contains(s)).findFirst().ifPresent(s -> {
                throw ApiError.badRequest("unknown camera '" + s.replaceAll("\\p{Cntrl}", "?") + "' in 'add'");
            });
        }
        tags.change(tag, add, remove);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tag", tag);
        out.put("cameras", tags.camerasWith(tag).size());
        ctx.json(out);
    }

    private String camera(Context ctx) {
        return devices.findBySerial(ctx.pathParam("serial")).orElseThrow(ApiError::unknownCamera).serial();
    }

    private static Map<String, Object> view(String serial, List<String> tags) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("serial", serial);
        out.put("tags", tags);
        return out;
    }
}
