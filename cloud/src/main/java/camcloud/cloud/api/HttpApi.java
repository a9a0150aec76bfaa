package camcloud.cloud.api;

import camcloud.cloud.account.PasswordHasher;
import camcloud.cloud.account.Sessions;
import camcloud.cloud.account.SignInLimits;
import camcloud.cloud.account.Users;
import camcloud.cloud.claim.Claiming;
import camcloud.cloud.claim.GuessLimiter;
import camcloud.cloud.control.CameraControl;
import camcloud.cloud.db.Database;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import camcloud.cloud.ownership.AccessControl;
import camcloud.cloud.ownership.CameraRelease;
import camcloud.cloud.ownership.Shares;
import camcloud.cloud.recording.RecordingPolicies;
import io.javalin.Javalin;
import io.javalin.config.JettyConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's JSON HTTP API and the page that uses it (Javalin 6 on Jetty).
 *
 * <pre>{@code
 * HttpApi api = new HttpApi(db, new DeviceStore(db), presence, ApiSettings.defaults(operatorToken, false));
 * api.withControl(control);        // optional: commands, settings, PTZ (camcloud.cloud.control)
 * api.withCameraHttps(ca, 8443);   // optional: cameras (firmware downloads) over mutual TLS
 * api.start(8080);   // 0 = any free port; api.port() and api.cameraHttpsPort() tell which
 * ...
 * api.stop();
 * }</pre>
 *
 * <p>Both listeners close a connection that does not deliver a request head in time
 * ({@link RequestHeadDeadline}); {@code HEAD} answers what {@code GET} would ({@link HeadAsGet}); the
 * limits of {@link ApiLimits} count clients by {@link ClientAddress}.
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
    /** Served only over the camera HTTPS listener, once there is one. */
    private static final String CAMERA_ONLY = "/api/firmware/download/*";
    /**
     * The web app's pages: our own scripts, styles and API only; media from {@code blob:} URLs, which
     * is how Media Source Extensions hand a {@code MediaSource} and a download to the page.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; media-src 'self' blob:; img-src 'self' blob: data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Keys each guess limiter tracks at most. */
    private static final int GUESS_KEYS = 100_000;

    private final Javalin app;
    private final ApiLimits limits;
    private final LiveAccessWatch liveAccess;
    private final CameraAccessCheck access;
    private final SignedIn signedIn;
    private final Presence presence;
    private final DeviceStore devices;
    private final int maxBodyBytes;
    private CameraHttps cameraHttps;
    private int cameraHttpsPort;
    private volatile ServerConnector httpConnector;
    private volatile ServerConnector cameraConnector;

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
        this.signedIn = signedIn;
        int maxBody = settings.maxBodyBytes();
        ApiLimits limits = settings.limits();
        this.limits = limits; // the connectors are made in start()
        ClientAddress clientAddress = settings.clientAddress();
        SignInLimits signIns = new SignInLimits(limits.signInPerAccountAndAddress(), limits.signInPerAddress(),
                limits.signInPerAccount(), settings.clock());
        GuessLimiter signUps = new GuessLimiter(limits.signUpsPerAddress(), GUESS_KEYS, settings.clock());
        Claiming claiming = new Claiming(video.ownerships(), new GuessLimiter(limits.claimPerUser(), GUESS_KEYS, settings.clock()),
                new GuessLimiter(limits.claimPerAddress(), GUESS_KEYS, settings.clock()));
        byte[] openApi = resource(OPENAPI);
        AccessControl control = new AccessControl(devices, video.ownerships(), new Shares(db));
        CameraAccessCheck access = new CameraAccessCheck(control);
        this.access = access;
        this.presence = presence;
        this.maxBodyBytes = maxBody;
        this.liveAccess = new LiveAccessWatch(sessions, control);
        this.devices = devices;
        // wrong current passwords at a password change: per account, as wrong passwords per account and address
        GuessLimiter wrongPasswords = new GuessLimiter(limits.signInPerAccountAndAddress(), GUESS_KEYS, settings.clock());

        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = maxBody;
            config.requestLogger.http(HttpApi::logRequest);
            config.jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(limits.minRequestBytesPerSecond()));
            config.jetty.modifyServletContextHandler(handler -> {
                FilterHolder headAsGet = new FilterHolder(new HeadAsGet());
                handler.addFilter(headAsGet, "/api/*", EnumSet.of(DispatcherType.REQUEST));
                handler.addFilter(headAsGet, "/healthz", EnumSet.of(DispatcherType.REQUEST));
            });
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
        new AuthRoutes(users, sessions, new SessionCookie(settings.secureCookies()), signedIn, signIns, signUps,
                clientAddress, maxBody).addTo(app);
        new PasswordRoute(users, sessions, signedIn, wrongPasswords, maxBody).addTo(app);
        new ClaimRoute(claiming, clientAddress, presence, signedIn, maxBody).addTo(app);
        new CameraRoutes(devices, presence, signedIn, access, new CameraRelease(video.ownerships(), video.eraser()),
                maxBody).addTo(app);
        new ShareRoutes(users, signedIn, access, maxBody).addTo(app);
        new OperatorRoutes(devices, presence, settings.operatorToken(), new camcloud.cloud.tag.CameraTags(db)).addTo(app);
        new LiveRoute(video.live(), access, signedIn, liveAccess).addTo(app);
        new ArchiveRoutes(video, access, signedIn, settings.clock()).addTo(app);
        new ExportRoute(video, access, signedIn).addTo(app);
        new TimelineRoute(video, access, signedIn).addTo(app);
        new RecordingRoute(new RecordingPolicies(db), access, signedIn, maxBody).addTo(app);

        app.exception(ApiError.class, (e, ctx) -> {
            if (e.retryAfter() != null) {
                ctx.header("Retry-After", Long.toString(ApiError.retryAfterSeconds(e.retryAfter())));
            }
            error(ctx, e.status(), e.getMessage());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), javalinMessage(e)));
        // The node's blocking pool is full (counted there): the client comes back later, nothing was done.
        app.exception(java.util.concurrent.RejectedExecutionException.class, (e, ctx) -> {
            ctx.header("Retry-After", "5");
            error(ctx, 503, "node overloaded; retry later");
        });
        // Jetty's refusal of a body while it is read: 408 when it arrives slower than the minimum rate
        app.exception(BadMessageException.class, (e, ctx) -> error(ctx, e.getCode(), switch (e.getCode()) {
            case 408 -> "request body arrived too slowly (under " + limits.minRequestBytesPerSecond() + " bytes/s)";
            case 413 -> "request body is too large";
            default -> "malformed request";
        }));
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
                                Presence presence, ApiSettings settings) {
        new FirmwareRoutes(firmware, devices, presence, settings.operatorToken(), settings.maxBodyBytes()).addTo(app);
        return this;
    }

    /**
     * Adds firmware rollouts ({@code /api/operator/rollouts…}) and camera tags
     * ({@code /api/operator/cameras/{serial}/tags}, {@code /api/operator/tags/{tag}}); call before {@link #start}.
     */
    public HttpApi withRollouts(camcloud.cloud.rollout.Rollouts rollouts, camcloud.cloud.tag.CameraTags tags,
                                ApiSettings settings) {
        new RolloutRoutes(rollouts, settings.operatorToken(), settings.maxBodyBytes()).addTo(app);
        new TagRoutes(tags, devices, settings.operatorToken(), settings.maxBodyBytes()).addTo(app);
        return this;
    }

    /**
     * Adds the events routes ({@code /api/events…}, {@code /api/cameras/{serial}/events}), the cameras'
     * latest pictures ({@code /api/cameras/{serial}/snapshot.jpg}) and the pages' push stream
     * ({@code /api/push}); call before {@link #start}.
     */
    public HttpApi withEvents(camcloud.cloud.event.EventService events, camcloud.cloud.event.LatestPictures pictures,
                              camcloud.cloud.push.PushHub push) {
        new EventRoutes(events, access, signedIn).addTo(app);
        new CameraSnapshotRoute(pictures, access, signedIn).addTo(app);
        new PushRoute(push, signedIn).addTo(app);
        return this;
    }

    /**
     * Adds the camera control endpoints — commands and their log, settings, PTZ and presets,
     * day/night — served by {@code control}; call before {@link #start}.
     */
    public HttpApi withControl(CameraControl control) {
        new CommandRoute(control.commands(), control.commandLog(), access, signedIn, maxBodyBytes).addTo(app);
        new SettingsRoutes(control.settings(), presence, access, signedIn, maxBodyBytes).addTo(app);
        new PtzRoutes(control.commands(), control.settings(), access, signedIn, maxBodyBytes).addTo(app);
        return this;
    }

    /**
     * Adds notification settings, the notification list and webhooks ({@link NotificationRoutes},
     * {@link WebhookRoutes}); call before {@link #start}.
     */
    public HttpApi withNotifications(camcloud.cloud.notify.NotificationService notifications) {
        new NotificationRoutes(notifications.preferences(), notifications.list(), devices, signedIn, access,
                maxBodyBytes).addTo(app);
        new WebhookRoutes(notifications.webhooks(), signedIn, maxBodyBytes).addTo(app);
        return this;
    }

    /**
     * Adds {@code GET /metrics} (Prometheus text, operator token as a Bearer token) and
     * {@code GET /health} (no authentication; 503 naming what is down): {@link OperationsRoutes}.
     * Call before {@link #start}.
     */
    public HttpApi withOperations(camcloud.cloud.metrics.NodeMetrics metrics, camcloud.cloud.health.HealthChecks health,
                                  String operatorToken) {
        new OperationsRoutes(metrics, health, operatorToken).addTo(app);
        return this;
    }

    /**
     * Also serves the API to cameras over mutual TLS on {@code port} (0 = any free port), bound to the
     * same address as the HTTP port: see {@link CameraHttps}. Bundle downloads are then answered on
     * that port only. Call before {@link #start}.
     */
    public HttpApi withCameraHttps(camcloud.cloud.pki.PlatformCa ca, int port) {
        this.cameraHttps = new CameraHttps(ca);
        this.cameraHttpsPort = port;
        // offers link to the camera port; a link tried on the plain HTTP port is no download there
        app.before(CAMERA_ONLY, ctx -> {
            if (!ctx.req().isSecure()) {
                throw ApiError.notFound("no such download (bundles are served on the camera HTTPS port only)");
            }
        });
        return this;
    }

    /**
     * Adds node-to-node routes (under {@code /internal/}, which guard themselves: node certificates
     * over the camera HTTPS listener only); call before {@link #start}. Not part of the public API
     * description.
     */
    public HttpApi withNodeRoutes(java.util.function.Consumer<Javalin> routes) {
        routes.accept(app);
        return this;
    }

    /** Starts listening on {@code port} on all interfaces; 0 picks a free port. */
    public HttpApi start(int port) {
        return start(null, port);
    }

    /**
     * Starts listening on {@code host}:{@code port} (null = all interfaces; 0 picks a free port), and
     * for cameras on the camera HTTPS port if {@link #withCameraHttps} asked for it.
     */
    public HttpApi start(String host, int port) {
        // Javalin adds its own connector only when none was added; so both are ours, plain HTTP first
        // (Javalin's port() reads the first connector).
        JettyConfig jetty = app.unsafeConfig().jetty;
        jetty.addConnector((server, http) -> {
            httpConnector = RequestHeadDeadline.guard(new ServerConnector(server, new HttpConnectionFactory(http)),
                    limits);
            httpConnector.setHost(host);
            httpConnector.setPort(port);
            return httpConnector;
        });
        if (cameraHttps != null) {
            jetty.addConnector((server, http) -> {
                cameraConnector = RequestHeadDeadline.guard(cameraHttps.connector(server, http, host, cameraHttpsPort),
                        limits);
                return cameraConnector;
            });
        }
        app.start();
        String where = host == null ? "port " : host + ":";
        if (cameraConnector != null) {
            log.info("HTTP API listening on {}{}, for cameras (mutual TLS) on {}{}", where, port(), where,
                    cameraHttpsPort());
        } else {
            log.info("HTTP API listening on {}{}", where, port());
        }
        return this;
    }

    public int port() {
        return httpConnector.getLocalPort();
    }

    /** The cameras' HTTPS port, once started with {@link #withCameraHttps}. */
    public int cameraHttpsPort() {
        if (cameraConnector == null) {
            throw new IllegalStateException("no camera HTTPS listener: withCameraHttps was not called before start");
        }
        return cameraConnector.getLocalPort();
    }

    public void stop() {
        app.stop();
        liveAccess.close();
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
                .filter(e -> !e.contains(" /internal/")) // node-to-node: not the public API
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
        log.info("{} {} {} {}ms", HeadAsGet.method(ctx), ctx.path(), ctx.statusCode(), Math.round(millis));
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
