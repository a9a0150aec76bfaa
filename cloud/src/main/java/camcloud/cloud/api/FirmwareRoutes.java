package camcloud.cloud.api;

import camcloud.cloud.archive.ByteRangeRequest;
import camcloud.cloud.device.CameraConnection;
import camcloud.cloud.device.Device;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import camcloud.cloud.firmware.CameraTarget;
import camcloud.cloud.firmware.CameraUpdateProgress;
import camcloud.cloud.firmware.FirmwareService;
import camcloud.cloud.firmware.PublishedBundle;
import camcloud.cloud.firmware.TargetRefusedException;
import camcloud.cloud.firmware.UpdateState;
import camcloud.cloud.pki.PlatformCa;
import camcloud.firmware.bundle.BundleException;
import camcloud.firmware.bundle.TrustedKey;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Firmware endpoints. Operators ({@code Authorization: Bearer <operator token>}) trust publishing
 * keys (the {@code .pub} text of {@code camcloud firmware keygen}), publish bundles, list them, set
 * a camera's target version (refused, with the reason, when the camera would refuse it) and follow
 * its update to {@code installed}. Cameras download bundles by the link in their
 * signed offer: {@code /api/firmware/download/{model}/{version}?serial&expires&token}, where the
 * token is an HMAC only this node can make and the link dies with the offer; HTTP {@code Range}
 * (one range) lets a camera resume a broken download.
 */
final class FirmwareRoutes {


    private final FirmwareService firmware;
    private final DeviceStore devices;
    private final Presence presence;
    private final OperatorAuth operator;
    private final int maxBody;

    FirmwareRoutes(FirmwareService firmware, DeviceStore devices, Presence presence, String operatorToken,
                   int maxBody) {
        this.firmware = firmware;
        this.devices = devices;
        this.presence = presence;
        this.operator = new OperatorAuth(operatorToken);
        this.maxBody = maxBody;
    }

    void addTo(Javalin app) {
        app.post("/api/operator/firmware/keys", this::trustKey);
        app.get("/api/operator/firmware/keys", this::listKeys);
        app.post("/api/operator/firmware", this::publish);
        app.get("/api/operator/firmware", this::list);
        app.put("/api/operator/cameras/{serial}/firmware", this::setTarget);
        app.get("/api/operator/cameras/{serial}/firmware", this::status);
        app.delete("/api/operator/cameras/{serial}/firmware", this::clearTarget);
        app.get("/api/firmware/download/{model}/{version}", this::download);
    }

    private void trustKey(Context ctx) throws IOException {
        operator.require(ctx);
        TrustedKey key;
        try {
            key = TrustedKey.parse(textBody(ctx), "key");
        } catch (BundleException e) {
            throw ApiError.badRequest("not a publishing key (.pub file of camcloud firmware keygen): " + e.getMessage());
        }
        firmware.repository().trust(key);
        ctx.status(201).json(Map.of("keyId", key.keyId()));
    }

    private void listKeys(Context ctx) {
        operator.require(ctx);
        List<TrustedKey> keys;
        try {
            keys = firmware.repository().trustedKeys();
        } catch (BundleException e) {
            throw ApiError.conflict("the trust directory holds an unreadable key: " + e.getMessage());
        }
        ctx.json(keys.stream().map(k -> Map.of("keyId", k.keyId())).toList());
    }

    /** The body as UTF-8 text, at most {@code maxBody} bytes. */
    private String textBody(Context ctx) throws IOException {
        if (ctx.req().getContentLengthLong() > maxBody) {
            throw ApiError.tooLarge("request body is larger than " + maxBody + " bytes");
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(maxBody + 1);
        }
        if (bytes.length > maxBody) {
            throw ApiError.tooLarge("request body is larger than " + maxBody + " bytes");
        }
        if (bytes.length == 0) {
            throw ApiError.badRequest("request body is missing: expected the text of a .pub file");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private void publish(Context ctx) throws IOException {
        operator.require(ctx);
        PublishedBundle b;
        try (InputStream in = ctx.req().getInputStream()) {
            b = firmware.repository().publish(in);
        } catch (BundleException e) {
            throw ApiError.badRequest("bundle refused: " + e.getMessage());
        }
        ctx.status(201).json(view(b));
    }

    private void list(Context ctx) {
        operator.require(ctx);
        String model = ctx.queryParam("model");
        ctx.json(firmware.repository().list(model).stream().map(FirmwareRoutes::view).toList());
    }

    /**
     * Sets the target, unless the camera would refuse it (409 with the reason: not published for its
     * model, signed by a key it did not pin, a downgrade, its minimum version not met). Answers the
     * status, with {@code warnings} about what could not be checked.
     */
    private void setTarget(Context ctx) {
        operator.require(ctx);
        Device device = camera(ctx);
        String version = JsonBody.read(ctx, maxBody, Set.of("version")).requiredString("version", 64);
        List<String> warnings;
        try {
            warnings = firmware.setTarget(device.serial(), device.model(), runningVersion(device), version);
        } catch (TargetRefusedException e) {
            throw ApiError.conflict(e.getMessage());
        }
        Map<String, Object> out = status(device);
        out.put("warnings", warnings);
        ctx.json(out);
    }

    private void clearTarget(Context ctx) {
        operator.require(ctx);
        firmware.clearTarget(camera(ctx).serial());
        ctx.status(204);
    }

    private void status(Context ctx) {
        operator.require(ctx);
        ctx.json(status(camera(ctx)));
    }

    /**
     * The version the camera runs, its target and where the update stands: {@code state} is derived
     * here ({@link UpdateState}), {@code installed} once the camera runs the target.
     */
    private Map<String, Object> status(Device device) {
        String serial = device.serial();
        String running = runningVersion(device);
        Optional<CameraTarget> target = firmware.cameraTarget(serial);
        Optional<CameraUpdateProgress> last = firmware.progress(serial);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("serial", serial);
        out.put("model", device.model());
        out.put("online", presence.onlineAnywhere(serial));
        out.put("runningVersion", running);
        out.put("targetVersion", target.map(CameraTarget::version).orElse(null));
        out.put("targetSetAt", target.map(t -> Instant.ofEpochMilli(t.setAtMs()).toString()).orElse(null));
        out.put("state", UpdateState.of(target, running, last).text());
        out.put("pinnedKeyIds", firmware.pinnedKeys(serial).orElse(null));
        last.ifPresent(p -> {
            Map<String, Object> progress = new LinkedHashMap<>();
            progress.put("version", p.version());
            progress.put("step", p.step());
            progress.put("bytesDone", p.bytesDone());
            progress.put("bytesTotal", p.bytesTotal());
            progress.put("error", p.error());
            progress.put("reportedAt", Instant.ofEpochMilli(p.reportedAtMs()).toString());
            out.put("lastProgress", progress);
        });
        return out;
    }

    /**
     * What the camera runs: what its Hello said while it is connected, else what it said last (the
     * database keeps it); null when it never connected.
     */
    private String runningVersion(Device device) {
        String version = presence.get(device.serial()).map(CameraConnection::firmwareVersion)
                .filter(v -> !v.isEmpty()).orElse(device.firmwareVersion());
        return version == null || version.isEmpty() ? null : version;
    }

    private void download(Context ctx) throws IOException {
        long expires;
        try {
            expires = Long.parseLong(String.valueOf(ctx.queryParam("expires")));
        } catch (NumberFormatException e) {
            throw ApiError.notFound("no such download");
        }
        String serial = String.valueOf(ctx.queryParam("serial"));
        if (!presentedBy(ctx, serial)) {
            throw ApiError.notFound("no such download (the link is another camera's)");
        }
        Optional<PublishedBundle> bundle = firmware.download(ctx.pathParam("model"), ctx.pathParam("version"),
                serial, expires, ctx.queryParam("token"));
        if (bundle.isEmpty()) {
            throw ApiError.notFound("no such download (unknown bundle, wrong or expired link)");
        }
        long size = bundle.get().size();
        Optional<ByteRangeRequest> range;
        try {
            range = ByteRangeRequest.of(ctx.header("Range"), size);
        } catch (ByteRangeRequest.Unsatisfiable e) {
            ctx.header("Content-Range", "bytes */" + size);
            ctx.status(416).contentType("text/plain").result(e.getMessage());
            return;
        }
        long offset = range.map(ByteRangeRequest::offset).orElse(0L);
        long length = range.map(ByteRangeRequest::length).orElse(size);
        // Opened before the headers go out: a store that is away is an error answer, not a cut body.
        try (InputStream in = HeadAsGet.isHead(ctx) ? InputStream.nullInputStream()
                : firmware.repository().open(bundle.get(), offset, length)) {
            ctx.header("Accept-Ranges", "bytes");
            ctx.contentType("application/octet-stream");
            range.ifPresent(r -> ctx.status(206).header("Content-Range", r.contentRange(size)));
            ctx.res().setContentLengthLong(length);
            if (HeadAsGet.isHead(ctx)) {
                return;
            }
            OutputStream out = ctx.res().getOutputStream();
            in.transferTo(out);
            out.flush();
        }
    }

    /**
     * On the camera HTTPS port the client certificate says which camera asks: only the camera the
     * offer was made to may use its link. (Without a certificate — plain HTTP on a node without a
     * camera port — the link's HMAC is all there is.)
     */
    private static boolean presentedBy(Context ctx, String serial) {
        Object chain = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        if (chain instanceof X509Certificate[] certs && certs.length > 0) {
            return serial.equals(PlatformCa.serialOf(certs[0]));
        }
        return true;
    }

    private Device camera(Context ctx) {
        return devices.findBySerial(ctx.pathParam("serial")).orElseThrow(ApiError::unknownCamera);
    }

    private static Map<String, Object> view(PublishedBundle b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", b.model());
        out.put("version", b.version());
        out.put("versionNumber", b.versionNumber());
        out.put("minVersionNumber", b.minVersionNumber());
        out.put("size", b.size());
        out.put("sha256", b.sha256());
        out.put("keyId", b.keyId());
        out.put("publishedAt", Instant.ofEpochMilli(b.publishedAtMs()).toString());
        return out;
    }


}
