package camcloud.cloud.api;

import camcloud.cloud.provisioning.CameraChecks;
import camcloud.cloud.provisioning.CameraRefusedException;
import camcloud.cloud.provisioning.NewCamera;
import camcloud.cloud.provisioning.Registrar;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/operator/cameras/batch}: the factory registers up to {@link Registrar#MAX_BATCH}
 * cameras in one request (operator token as a Bearer token). All of them are registered in one
 * transaction, or none: a camera that is invalid, appears twice or is registered already is a 400
 * naming it. The answer carries what the factory writes into every flash (platform CA, firmware
 * keys) and each camera's certificate and claim code, in request order.
 *
 * <p>The body has its own bound ({@link #MAX_BODY_BYTES}, a full batch with room to spare), not the
 * API's small default. Runs on a Jetty request thread, as every route: signing spreads over the
 * cores through {@link Registrar}.
 */
final class ProvisioningRoute {

    /** A thousand cameras of at most ~350 bytes of JSON each, with room for spacing. */
    static final int MAX_BODY_BYTES = 512 * 1024;
    private static final Set<String> CAMERA_FIELDS = Set.of("serial", "mac", "model", "publicKey");
    /** Base64 of a P-256 SubjectPublicKeyInfo is 124 characters; a little slack, no more. */
    private static final int MAX_KEY_CHARS = 256;

    private final Registrar registrar;
    private final OperatorAuth operator;

    ProvisioningRoute(Registrar registrar, String operatorToken) {
        this.registrar = registrar;
        this.operator = new OperatorAuth(operatorToken);
    }

    void addTo(Javalin app) {
        app.post("/api/operator/cameras/batch", this::register);
    }

    private void register(Context ctx) throws CertificateEncodingException {
        operator.require(ctx);
        List<JsonBody> items = JsonBody.read(ctx, MAX_BODY_BYTES, Set.of("cameras"))
                .requiredObjects("cameras", Registrar.MAX_BATCH, CAMERA_FIELDS);
        List<NewCamera> cameras = new ArrayList<>(items.size());
        for (JsonBody item : items) {
            cameras.add(camera(item, "cameras[" + cameras.size() + "]"));
        }
        Registrar.Registered registered;
        try {
            registered = registrar.registerAll(cameras);
        } catch (CameraRefusedException e) {
            throw ApiError.badRequest(e.getMessage() + "; nothing was registered");
        }
        Base64.Encoder base64 = Base64.getEncoder();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("platformCa", base64.encodeToString(registered.platformCa().getEncoded()));
        answer.put("offerKeys", registered.anchors().offerKeys().stream().map(base64::encodeToString).toList());
        answer.put("bundleKeys", registered.anchors().bundleKeys().stream().map(base64::encodeToString).toList());
        answer.put("cameras", registered.cameras().stream().map(c -> Map.of("serial", c.serial(),
                "certificate", base64.encodeToString(c.certificate()), "claimCode", c.claimCode())).toList());
        ctx.status(201).json(answer);
    }

    /** One item of the body; a missing or malformed field names the item's place. */
    private static NewCamera camera(JsonBody item, String place) {
        String serial;
        String mac;
        String model;
        String key;
        try {
            serial = item.requiredString("serial", 64);
            mac = item.requiredString("mac", 17);
            model = item.requiredString("model", 64);
            key = item.requiredString("publicKey", MAX_KEY_CHARS);
        } catch (ApiError e) {
            throw ApiError.badRequest(place + ": " + e.getMessage());
        }
        try {
            return new NewCamera(serial, mac, model, Base64.getDecoder().decode(key));
        } catch (IllegalArgumentException notBase64) {
            throw ApiError.badRequest(new CameraRefusedException(serial, CameraChecks.KEY_PROBLEM).getMessage()
                    + "; nothing was registered");
        }
    }
}
