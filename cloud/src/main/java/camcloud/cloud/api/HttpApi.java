package camcloud.cloud.api;

import camcloud.cloud.account.PasswordHasher;
import camcloud.cloud.account.Sessions;
import camcloud.cloud.account.Users;
import camcloud.cloud.claim.Claiming;
import camcloud.cloud.claim.GuessLimiter;
import camcloud.cloud.db.Database;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import camcloud.cloud.recording.RecordingPolicies;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's JSON HTTP API and the page that uses it (Javalin 6 on Jetty).
 *
 * <pre>{@code
 * HttpApi api = new HttpApi(db, new DeviceStore(db), presence, ApiSettings.defaults(operatorToken, false));
 * api.start(8080);   // 0 = any free port; api.port() tells which
 * ...
 * api.stop();
 * }</pre>
 *
 * <p>Every error is {@code {"error": "<message>"}} with a 4xx status (see {@link ApiError}); an
 * unexpected exception is logged and answered with a 500 that says nothing more. Request logging
 * writes method, path, status and time only — never headers, cookies, query strings or bodies, which
 * is where passwords, session tokens and claim codes travel. The API is described by
 * {@code GET /api/openapi.yaml}.
 */
public final class HttpApi {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final String OPENAPI = "/camcloud/cloud/api/openapi.yaml";
    /**
     * The web app's pages: our own scripts, styles and API only; media from {@code blob:} URLs, which
     * is how Media Source Extensions hand a {@code MediaSource} and a download to the page.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; media-src 'self' blob:; img-src 'self' blob: data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Wrong claim codes: 5 per 15 minutes per user and per client address. */
    private static final int CLAIM_FAILURES = 5;
    /** Wrong passwords: 10 per 15 minutes per username and per client address. */
    private static final int SIGN_IN_FAILURES = 10;
    private static final Duration GUESS_WINDOW = Duration.ofMinutes(15);
    private static final int GUESS_KEYS = 100_000;

    private final Javalin app;

    public HttpApi(Database db, DeviceStore devices, Presence presence, ApiSettings settings) {
        this(db, devices, presence, settings, VideoServices.none(db));
    }

    /** An API that also serves live and recorded video from {@code video}. */
    public HttpApi(Database db, DeviceStore devices, Presence presence, ApiSettings settings, VideoServices video) {
        PasswordHasher hasher = new PasswordHasher(settings.password(),
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        Users users = new Users(db, hasher, settings.clock());
        Sessions sessions = new Sessions(db, settings.clock(), settings.sessionLifetime());
        SignedIn signedIn = new SignedIn(sessions);
        int maxBody = settings.maxBodyBytes();
        GuessLimiter claimFailures = new GuessLimiter(CLAIM_FAILURES, GUESS_WINDOW, GUESS_KEYS, settings.clock());
        GuessLimiter signInFailures = new GuessLimiter(SIGN_IN_FAILURES, GUESS_WINDOW, GUESS_KEYS, settings.clock());
        byte[] openApi = resource(OPENAPI);

        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = maxBody;
            config.requestLogger.http(HttpApi::logRequest);
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/camcloud/cloud/web";
                files.location = Location.CLASSPATH;
                files.headers = Map.of(
                        "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                        "X-Content-Type-Options", "nosniff",
                        "Cache-Control", "no-cache");
            });
        });
        app.before("/api/*", ctx -> {
            ctx.header("Cache-Control", "no-store");
            ctx.header("X-Content-Type-Options", "nosniff");
        });
        app.get("/healthz", ctx -> ctx.contentType("text/plain").result("ok"));
        app.get("/api/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi));
        new AuthRoutes(users, sessions, new SessionCookie(settings.secureCookies()), signedIn, signInFailures, maxBody)
                .addTo(app);
        new ClaimRoute(new Claiming(devices, claimFailures), presence, signedIn, maxBody).addTo(app);
        new CameraRoutes(devices, presence, signedIn, maxBody).addTo(app);
        new CommandRoute(devices, presence, signedIn, settings.commandTimeout(), maxBody).addTo(app);
        new OperatorRoutes(devices, presence, settings.operatorToken()).addTo(app);
        new LiveRoute(video.live(), devices, signedIn).addTo(app);
        new ArchiveRoutes(video, devices, signedIn, settings.clock()).addTo(app);
        new ExportRoute(video, devices, signedIn).addTo(app);
        new TimelineRoute(video, devices, signedIn).addTo(app);
        new RecordingRoute(new RecordingPolicies(db), devices, signedIn, maxBody).addTo(app);

        app.exception(ApiError.class, (e, ctx) -> {
            if (e.retryAfter() != null) {
                ctx.header("Retry-After", Long.toString(ApiError.retryAfterSeconds(e.retryAfter())));
            }
            error(ctx, e.status(), e.getMessage());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), javalinMessage(e)));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error");
        });
    }

    /**
     * Adds the firmware endpoints (publish, list, per-camera target, bundle download); call before
     * {@link #start}.
     */
    public HttpApi withFirmware(camcloud.cloud.firmware.FirmwareService firmware, DeviceStore devices,
                                ApiSettings settings) {
        new FirmwareRoutes(firmware, devices, settings.operatorToken(), settings.maxBodyBytes()).addTo(app);
        return this;
    }

    /** Starts listening on {@code port} on all interfaces; 0 picks a free port. */
    public HttpApi start(int port) {
        app.start(port);
        log.info("HTTP API listening on port {}", app.port());
        return this;
    }

    /** Starts listening on {@code host}:{@code port}; 0 picks a free port. */
    public HttpApi start(String host, int port) {
        app.start(host, port);
        log.info("HTTP API listening on {}:{}", host, app.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }

    /**
     * Every endpoint as {@code "GET /api/cameras"}, for the test that holds the OpenAPI file to the
     * code. A WebSocket endpoint counts as the {@code GET} its upgrade request is.
     */
    List<String> endpoints() {
        var router = app.unsafeConfig().pvt.internalRouter;
        return java.util.stream.Stream.concat(
                router.allHttpHandlers().stream()
                        .filter(e -> e.getEndpoint().getMethod().isHttpMethod())
                        .map(e -> e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath()),
                router.allWsHandlers().stream()
                        .filter(e -> e.getType() == io.javalin.websocket.WsHandlerType.WEBSOCKET)
                        .map(e -> "GET " + e.getPath()))
                .toList();
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }

    /** Javalin's own refusals (no such route, body too large…) in our words. */
    private static String javalinMessage(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 413 -> "request body is too large";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? "bad request" : e.getMessage();
        };
    }

    /** Method, path, status and duration: nothing that can carry a secret. */
    private static void logRequest(Context ctx, Float millis) {
        log.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis));
    }

    private static byte[] resource(String path) {
        try (InputStream in = HttpApi.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
