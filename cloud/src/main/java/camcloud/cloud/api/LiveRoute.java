package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.live.JettyViewerOutput;
import camcloud.cloud.live.LiveHub;
import camcloud.cloud.live.LiveViewer;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/cameras/{serial}/live}: the camera's live video over a WebSocket, for the
 * owner only. The check runs before the upgrade, with the session cookie: anonymous callers get a
 * 401 and other people's cameras a 404 as plain HTTP answers, and no WebSocket is opened. The
 * messages are described in {@code camcloud.cloud.live.LiveStream}; whatever the client sends is
 * ignored.
 */
final class LiveRoute {

    static final String PATH = "/api/cameras/{serial}/live";

    private final LiveHub live;
    private final DeviceStore devices;
    private final SignedIn signedIn;
    private final Map<String, Watching> watching = new ConcurrentHashMap<>();

    private record Watching(String serial, LiveViewer viewer) {
    }

    LiveRoute(LiveHub live, DeviceStore devices, SignedIn signedIn) {
        this.live = live;
        this.devices = devices;
        this.signedIn = signedIn;
    }

    void addTo(Javalin app) {
        app.wsBeforeUpgrade(PATH, ctx -> {
            User user = signedIn.require(ctx);
            CameraRoutes.owned(user, ctx, devices);
        });
        app.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
                String serial = ctx.pathParam("serial");
                watching.put(ctx.sessionId(), new Watching(serial,
                        live.watch(serial, new JettyViewerOutput(ctx.session))));
            });
            ws.onClose(this::stop);
            ws.onError(this::stop);
        });
    }

    private void stop(WsContext ctx) {
        Watching w = watching.remove(ctx.sessionId());
        if (w != null) {
            live.stopWatching(w.serial(), w.viewer());
        }
    }
}
