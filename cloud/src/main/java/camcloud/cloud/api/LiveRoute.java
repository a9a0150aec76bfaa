package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.live.JettyViewerOutput;
import camcloud.cloud.live.LiveHub;
import camcloud.cloud.live.LiveViewer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/cameras/{serial}/live}: the camera's live video over a WebSocket, for its owner and
 * the accounts it is shared with. The checks run before the upgrade: the {@code Origin} must be this
 * app's own (a page of another site cannot open the stream with the user's cookie), then the session
 * cookie — anonymous callers get a 401, other people's cameras a 404, as plain HTTP answers, and no
 * WebSocket is opened. While the stream is open, {@link LiveAccessWatch} checks its right again every
 * second. The messages are described in {@code camcloud.cloud.live.LiveStream}; whatever the client
 * sends is ignored.
 */
final class LiveRoute {

    static final String PATH = "/api/cameras/{serial}/live";

    private final LiveHub live;
    private final CameraAccessCheck access;
    private final SignedIn signedIn;
    private final LiveAccessWatch watch;
    private final Map<String, Watching> watching = new ConcurrentHashMap<>();

    private record Watching(String serial, LiveViewer viewer) {
    }

    LiveRoute(LiveHub live, CameraAccessCheck access, SignedIn signedIn, LiveAccessWatch watch) {
        this.live = live;
        this.access = access;
        this.signedIn = signedIn;
        this.watch = watch;
    }

    void addTo(Javalin app) {
        app.wsBeforeUpgrade(PATH, ctx -> {
            requireOwnOrigin(ctx);
            access.live(signedIn.require(ctx), ctx);
        });
        app.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
                String serial = ctx.pathParam("serial");
                String token = ctx.cookie(SessionCookie.NAME);
                User user = signedIn.user(token).orElse(null);
                if (user == null) { // signed out between the upgrade check and now
                    ctx.closeSession(LiveAccessWatch.ACCESS_ENDED, "signed out");
                    return;
                }
                watching.put(ctx.sessionId(), new Watching(serial,
                        live.watch(serial, new JettyViewerOutput(ctx.session))));
                watch.add(ctx.sessionId(), new LiveAccessWatch.Stream(token, user.id(), serial, ctx::closeSession));
            });
            ws.onClose(this::stop);
            ws.onError(this::stop);
        });
    }

    private void stop(WsContext ctx) {
        watch.remove(ctx.sessionId());
        Watching w = watching.remove(ctx.sessionId());
        if (w != null) {
            live.stopWatching(w.serial(), w.viewer());
        }
    }

    /**
     * Browsers send {@code Origin} with every WebSocket upgrade and pages cannot forge it: it must name
     * the host the request was sent to (the {@code Host} header, which a reverse proxy passes on).
     */
    static void requireOwnOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        String host = ctx.header("Host");
        if (origin == null || host == null || !host.equalsIgnoreCase(authority(origin))) {
            throw ApiError.forbidden("live video opens only from this app's own pages (Origin does not match)");
        }
    }

    private static String authority(String origin) {
        try {
            URI uri = URI.create(origin);
            return uri.getScheme() == null ? null : uri.getRawAuthority();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
