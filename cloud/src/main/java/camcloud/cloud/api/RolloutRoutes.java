package camcloud.cloud.api;

import camcloud.cloud.rollout.CameraState;
import camcloud.cloud.rollout.Rollout;
import camcloud.cloud.rollout.RolloutCamera;
import camcloud.cloud.rollout.RolloutException;
import camcloud.cloud.rollout.RolloutRequest;
import camcloud.cloud.rollout.RolloutSettings;
import camcloud.cloud.rollout.RolloutView;
import camcloud.cloud.rollout.RolloutWave;
import camcloud.cloud.rollout.Rollouts;
import camcloud.cloud.rollout.WavePlan;
import camcloud.cloud.rollout.WaveSpec;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Firmware rollouts for operators ({@code Authorization: Bearer <operator token>}): create (every
 * refusal before anything is written or offered), list, show, the cameras of one by state, start,
 * pause, resume, cancel, and going back ({@code rollback}: a new rollout of a higher version over
 * the failed or updated cameras). The engine is {@link Rollouts}; this reads bodies and writes JSON.
 */
final class RolloutRoutes {

    private static final Set<String> FIELDS = Set.of("model", "version", "fromVersions", "tags", "cameras", "waves",
            "successThreshold", "errorThreshold", "minFinished", "cameraTimeoutSeconds", "settleSeconds",
            "maxConcurrentDownloads", "start");
    private static final int MAX_CAMERAS = 100_000;
    private static final long MAX_SECONDS = Duration.ofDays(30).toSeconds();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Rollouts rollouts;
    private final OperatorAuth operator;
    private final int maxBody;

    RolloutRoutes(Rollouts rollouts, String operatorToken, int maxBody) {
        this.rollouts = rollouts;
        this.operator = new OperatorAuth(operatorToken);
        this.maxBody = maxBody;
    }

    void addTo(Javalin app) {
        app.post("/api/operator/rollouts", this::create);
        app.get("/api/operator/rollouts", ctx -> {
            operator.require(ctx);
            ctx.json(Map.of("rollouts", rollouts.list().stream().map(RolloutRoutes::view).toList()));
        });
        app.get("/api/operator/rollouts/{id}", ctx -> {
            operator.require(ctx);
            ctx.json(view(engine(() -> rollouts.view(id(ctx)))));
        });
        app.get("/api/operator/rollouts/{id}/cameras", this::cameras);
        app.post("/api/operator/rollouts/{id}/start", ctx -> steer(ctx, rollouts::start));
        app.post("/api/operator/rollouts/{id}/pause", ctx -> steer(ctx, rollouts::pause));
        app.post("/api/operator/rollouts/{id}/resume", ctx -> steer(ctx, rollouts::resume));
        app.post("/api/operator/rollouts/{id}/cancel", ctx -> steer(ctx, rollouts::cancel));
        app.post("/api/operator/rollouts/{id}/rollback", this::goBack);
    }

    private void create(Context ctx) {
        operator.require(ctx);
        JsonBody body = JsonBody.read(ctx, maxBody, FIELDS);
        String model = body.requiredString("model", 64);
        String version = body.requiredString("version", 64);
        List<String> from = body.optionalStrings("fromVersions", 100, 64).orElse(List.of());
        List<String> tags = body.optionalStrings("tags", 32, 64).orElse(List.of());
        List<String> cameras = body.optionalStrings("cameras", MAX_CAMERAS, 64).orElse(null);
        if (cameras != null && cameras.isEmpty()) {
            throw ApiError.badRequest("field 'cameras' must name at least one camera (leave it out for every camera)");
        }
        List<WaveSpec> waves = body.optionalObjects("waves", WavePlan.MAX_WAVES, Set.of("tag", "percent"))
                .map(RolloutRoutes::waves).orElse(WavePlan.DEFAULT_WAVES);
        RolloutSettings d = RolloutSettings.DEFAULTS;
        RolloutSettings settings;
        try {
            settings = new RolloutSettings(
                    (int) body.optionalLong("successThreshold", 0, 100).orElse(d.successThreshold()),
                    (int) body.optionalLong("errorThreshold", 0, 100).orElse(d.errorThreshold()),
                    (int) body.optionalLong("minFinished", 1, MAX_CAMERAS).orElse(d.minFinished()),
                    Duration.ofSeconds(body.optionalLong("cameraTimeoutSeconds", 1, MAX_SECONDS)
                            .orElse(d.cameraTimeout().toSeconds())),
                    Duration.ofSeconds(body.optionalLong("settleSeconds", 1, MAX_SECONDS).orElse(d.settle().toSeconds())),
                    (int) body.optionalLong("maxConcurrentDownloads", 1, MAX_CAMERAS)
                            .orElse(d.maxConcurrentDownloads()));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        boolean start = body.optionalBoolean("start", true);
        RolloutRequest request = new RolloutRequest(model, version, from, tags, cameras, waves, settings, start);
        ctx.status(201).json(view(engine(() -> rollouts.create(request))));
    }

    private static List<WaveSpec> waves(List<JsonBody> items) {
        List<WaveSpec> out = new ArrayList<>();
        for (JsonBody w : items) {
            boolean tag = w.has("tag");
            if (tag == w.has("percent")) {
                throw ApiError.badRequest("each wave is {\"tag\": \"qa\"} or {\"percent\": 10}");
            }
            out.add(tag ? WaveSpec.tag(w.requiredString("tag", 64))
                    : WaveSpec.percent((int) w.optionalLong("percent", 1, 100).orElseThrow()));
        }
        return out;
    }

    private void cameras(Context ctx) {
        operator.require(ctx);
        long id = id(ctx);
        String state = ctx.queryParam("state");
        CameraState filter = null;
        if (state != null) {
            try {
                filter = CameraState.of(state);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("state must be one of pending, offered, downloading, installing, rebooted, "
                        + "healthy, failed, skipped");
            }
        }
        CameraState f = filter;
        List<Map<String, Object>> out = engine(() -> rollouts.cameras(id, f)).stream().map(RolloutRoutes::camera)
                .toList();
        ctx.json(Map.of("cameras", out));
    }

    private void goBack(Context ctx) {
        operator.require(ctx);
        long id = id(ctx);
        JsonBody body = JsonBody.read(ctx, maxBody, Set.of("version", "cameras"));
        String version = body.requiredString("version", 64);
        String which = body.has("cameras") ? body.requiredString("cameras", 16) : "failed";
        ctx.status(201).json(view(engine(() -> rollouts.goBack(id, version, which))));
    }

    private void steer(Context ctx, java.util.function.LongFunction<RolloutView> action) {
        operator.require(ctx);
        long id = id(ctx);
        ctx.json(view(engine(() -> action.apply(id))));
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.notFound("no such rollout");
        }
    }

    /** Runs engine work, its refusals as API errors. */
    private static <T> T engine(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RolloutException e) {
            throw switch (e.kind()) {
                case BAD_REQUEST -> ApiError.badRequest(e.getMessage());
                case NOT_FOUND -> ApiError.notFound(e.getMessage());
                case CONFLICT -> ApiError.conflict(e.getMessage());
            };
        }
    }

    static Map<String, Object> view(RolloutView v) {
        Rollout r = v.rollout();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("model", r.model());
        out.put("version", r.version());
        out.put("state", r.state());
        out.put("pauseReason", r.pauseReason());
        out.put("createdAt", r.createdAt());
        out.put("startedAt", r.startedAt());
        out.put("endedAt", r.endedAt());
        out.put("drivenBy", v.drivenBy());
        out.put("goesBackFrom", r.goesBackFrom());
        out.put("settings", settings(r.settingsJson()));
        Map<CameraState, Integer> totals = zeros();
        List<Map<String, Object>> waves = new ArrayList<>();
        for (RolloutWave w : v.waves()) {
            Map<CameraState, Integer> counts = zeros();
            counts.putAll(v.counts().getOrDefault(w.index(), Map.of()));
            counts.forEach((state, n) -> totals.merge(state, n, Integer::sum));
            Map<String, Object> wave = new LinkedHashMap<>();
            wave.put("index", w.index());
            wave.put("label", w.label());
            wave.put("state", w.state());
            wave.put("cameras", counts.values().stream().mapToInt(Integer::intValue).sum());
            wave.put("counts", texts(counts));
            wave.put("startedAt", w.startedAt());
            wave.put("endedAt", w.endedAt());
            waves.add(wave);
        }
        out.put("waves", waves);
        out.put("counts", texts(totals));
        out.put("failures", v.failures().stream().map(f -> {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("reason", f.reason());
            failure.put("count", f.count());
            failure.put("cameras", f.cameras());
            return failure;
        }).toList());
        return out;
    }

    private static Object settings(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return Map.of(); // written by Rollouts from plain values: never happens
        }
    }

    private static Map<CameraState, Integer> zeros() {
        Map<CameraState, Integer> m = new EnumMap<>(CameraState.class);
        for (CameraState s : CameraState.values()) {
            m.put(s, 0);
        }
        return m;
    }

    private static Map<String, Integer> texts(Map<CameraState, Integer> counts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        counts.forEach((s, n) -> out.put(s.text(), n));
        return out;
    }

    private static Map<String, Object> camera(RolloutCamera c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("serial", c.serial());
        out.put("wave", c.wave());
        out.put("state", c.state().text());
        out.put("reason", c.reason());
        out.put("detail", c.detail());
        out.put("fromVersion", c.fromVersion());
        out.put("offeredAt", c.offeredAt());
        out.put("updatedAt", c.updatedAt());
        return out;
    }
}
