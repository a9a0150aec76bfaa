package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.recording.RecordingPolicies;
import camcloud.cloud.recording.RecordingPolicies.Policy;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A camera's recording settings, owner only (they go with the owner: a release drops them): {@code GET /api/cameras/{serial}/recording} and
 * {@code PUT} of the same shape — {@code {"enabled": true, "retentionDays": 30, "retentionBytes": null,
 * "eventRetentionDays": 90}}. A null (or absent) retention means the node's default
 * ({@code eventRetentionDays}: how long event clips of a camera that records events only are kept;
 * the node's {@code retention.event.days}). The recorder and the retention sweep read
 * these settings from {@link RecordingPolicies}; a change reaches them within their refresh period.
 */
final class RecordingRoute {

    private static final Set<String> FIELDS = Set.of("enabled", "retentionDays", "retentionBytes",
            "eventRetentionDays");
    /** Ten years. */
    static final int MAX_DAYS = 3650;
    /** 64 MiB: smaller would keep less than a minute of HD video. */
    static final long MIN_BYTES = 64L << 20;
    /** 1 PiB. */
    static final long MAX_BYTES = 1L << 50;

    private final RecordingPolicies policies;
    private final CameraAccessCheck access;
    private final SignedIn signedIn;
    private final int maxBodyBytes;

    RecordingRoute(RecordingPolicies policies, CameraAccessCheck access, SignedIn signedIn, int maxBodyBytes) {
        this.policies = policies;
        this.access = access;
        this.signedIn = signedIn;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.get("/api/cameras/{serial}/recording", this::show);
        app.put("/api/cameras/{serial}/recording", this::replace);
    }

    private void show(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        ctx.json(view(policies.of(serial)));
    }

    private void replace(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, FIELDS);
        boolean enabled = body.requiredBoolean("enabled");
        OptionalLong days = body.optionalLong("retentionDays", 1, MAX_DAYS);
        OptionalLong bytes = body.optionalLong("retentionBytes", MIN_BYTES, MAX_BYTES);
        OptionalLong eventDays = body.optionalLong("eventRetentionDays", 1, MAX_DAYS);
        Policy policy = new Policy(enabled,
                days.isPresent() ? Optional.of((int) days.getAsLong()) : Optional.empty(),
                bytes.isPresent() ? Optional.of(bytes.getAsLong()) : Optional.empty(),
                eventDays.isPresent() ? Optional.of((int) eventDays.getAsLong()) : Optional.empty());
        policies.set(serial, policy);
        ctx.json(view(policy));
    }

    private static Map<String, Object> view(Policy policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("enabled", policy.enabled());
        body.put("retentionDays", policy.retentionDays().orElse(null));
        body.put("retentionBytes", policy.retentionBytes().orElse(null));
        body.put("eventRetentionDays", policy.eventRetentionDays().orElse(null));
        return body;
    }
}
