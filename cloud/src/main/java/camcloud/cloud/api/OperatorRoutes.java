package camcloud.cloud.api;

import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Endpoints for the people who run the platform, authorised by {@code Authorization: Bearer <token>}
 * with the operator token from the settings. The comparison is constant-time (over SHA-256 digests,
 * so not even the token's length leaks); without a configured token every operator call is refused.
 */
final class OperatorRoutes {

    private static final String BEARER = "Bearer ";

    private final DeviceStore devices;
    private final Presence presence;
    /** SHA-256 of the operator token; null when operator access is off. */
    private final byte[] tokenDigest;

    OperatorRoutes(DeviceStore devices, Presence presence, String operatorToken) {
        this.devices = devices;
        this.presence = presence;
        this.tokenDigest = operatorToken == null || operatorToken.isBlank() ? null : sha256(operatorToken);
    }

    void addTo(Javalin app) {
        app.get("/api/operator/cameras", this::cameras);
    }

    private void cameras(Context ctx) {
        requireOperator(ctx);
        ctx.json(devices.all().stream().map(d -> CameraView.forOperator(d, presence)).toList());
    }

    private void requireOperator(Context ctx) {
        String header = ctx.header("Authorization");
        if (tokenDigest == null || header == null || !header.startsWith(BEARER) || header.length() > 1024
                || !MessageDigest.isEqual(tokenDigest, sha256(header.substring(BEARER.length())))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiError.unauthorized("operator token required");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
