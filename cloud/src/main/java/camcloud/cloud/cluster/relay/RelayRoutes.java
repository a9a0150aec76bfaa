package camcloud.cloud.cluster.relay;

import camcloud.cloud.live.JettyViewerOutput;
import camcloud.cloud.live.LiveViewer;
import io.javalin.Javalin;
import io.javalin.http.NotFoundResponse;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-to-node routes, all under {@code /internal/v1/} and for node certificates only
 * ({@link NodeAuth}); served on the camera HTTPS listener (mutual TLS).
 *
 * <p>{@code GET /internal/v1/cameras/{serial}/live} (WebSocket): the camera's live relay in
 * {@link RelayWire} messages, while the camera is connected to this node (404 otherwise). Whatever
 * the other node sends is ignored. Pings every 15 s keep an idle link alive and let both ends notice
 * a dead one. No user access is checked here: the viewers' node checked it for each of its viewers.
 */
public final class RelayRoutes implements Consumer<Javalin> {

    static final String LIVE = "/internal/v1/cameras/{serial}/live";
    private static final Logger log = LoggerFactory.getLogger(RelayRoutes.class);

    private final RelaySource source;
    private final Map<String, Relaying> relaying = new ConcurrentHashMap<>();

    private record Relaying(String serial, LiveViewer viewer) {
    }

    public RelayRoutes(RelaySource source) {
        this.source = source;
    }

    /** Adds the routes (call before the API starts). */
    @Override
    public void accept(Javalin app) {
        app.before("/internal/*", NodeAuth::requireNode);
        app.wsBeforeUpgrade("/internal/*", NodeAuth::requireNode);
        app.wsBeforeUpgrade(LIVE, ctx -> {
            String node = NodeAuth.requireNode(ctx);
            String serial = ctx.pathParam("serial");
            if (!source.connectedHere(serial)) {
                throw new NotFoundResponse("camera not connected to this node");
            }
            log.info("node {} relays camera {}", node, serial);
        });
        app.ws(LIVE, ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings(15, TimeUnit.SECONDS);
                String serial = ctx.pathParam("serial");
                LiveViewer viewer = source.relay(serial, new JettyViewerOutput(ctx.session));
                if (viewer == null) { // left between the upgrade check and now
                    ctx.closeSession(RelaySource.CAMERA_LEFT, "camera not connected to this node");
                    return;
                }
                relaying.put(ctx.sessionId(), new Relaying(serial, viewer));
            });
            ws.onClose(this::stop);
            ws.onError(this::stop);
        });
    }

    private void stop(WsContext ctx) {
        Relaying r = relaying.remove(ctx.sessionId());
        if (r != null) {
            source.stopRelaying(r.serial(), r.viewer());
        }
    }
}
