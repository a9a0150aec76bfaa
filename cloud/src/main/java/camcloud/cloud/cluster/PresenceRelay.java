package camcloud.cloud.cluster;

import camcloud.cloud.device.CameraConnection;
import camcloud.cloud.device.Presence;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's cameras coming and going, for the cluster: each change is written to the
 * {@link NodeDirectory}, and once it is written the other nodes are told.
 *
 * <ul>
 *   <li>Online here: the others close an older session of the camera they still hold (Goodbye
 *       REPLACED: a camera keeps only its newest session) and push "online" to their pages.</li>
 *   <li>Offline here: unless the camera is on another live node by then (it moved, and that node's
 *       row is written before it says so), "offline" is pushed to this node's pages and the others'.</li>
 * </ul>
 *
 * <p>{@link #onlineChanged} runs on a gateway event loop and only queues; the rest runs on the
 * directory's and the bus's threads.
 */
final class PresenceRelay implements Presence.Listener {

    private static final Logger log = LoggerFactory.getLogger(PresenceRelay.class);
    static final String ONLINE = "camera.online";
    static final String OFFLINE = "camera.offline";

    private final ClusterBus bus;
    private final NodeDirectory directory;
    private final Presence presence;
    private final BiConsumer<String, Boolean> pages;

    /** @param pages pushes a camera's online/offline to this node's open pages */
    PresenceRelay(ClusterBus bus, NodeDirectory directory, Presence presence, BiConsumer<String, Boolean> pages) {
        this.bus = bus;
        this.directory = directory;
        this.presence = presence;
        this.pages = pages;
        bus.on(ONLINE, this::onlineElsewhere);
        bus.on(OFFLINE, body -> pages.accept(body.path("serial").asText(), false));
    }

    /** The session the directory records for a connection. */
    static NodeDirectory.Session sessionOf(CameraConnection c) {
        return new NodeDirectory.Session(c.serial(), c.sessionId(), c.connectedAtMillis());
    }

    @Override
    public void onlineChanged(String serial, boolean online) {
        if (online) {
            pages.accept(serial, true);
            presence.get(serial).ifPresent(c -> {
                NodeDirectory.Session session = sessionOf(c);
                directory.cameraOnline(session, () -> bus.send(null, ONLINE, bus.body().put("serial", serial)
                        .put("node", bus.nodeId()).put("session", session.sessionId())));
            });
        } else {
            directory.cameraOffline(serial, () -> offlineWritten(serial));
        }
    }

    /** On the directory thread, once this node's row of the camera is gone. */
    private void offlineWritten(String serial) {
        if (presence.isOnline(serial)) {
            return; // it came back here meanwhile
        }
        try {
            if (directory.nodeOf(serial).isPresent()) {
                return; // it moved to another live node, which said "online" already
            }
        } catch (RuntimeException e) {
            log.warn("cluster: could not look camera {} up after it left: {}", serial, e.getMessage());
        }
        pages.accept(serial, false);
        bus.send(null, OFFLINE, bus.body().put("serial", serial));
    }

    /** On the bus thread: the camera connected to another node; its older session here ends. */
    private void onlineElsewhere(JsonNode body) {
        String serial = body.path("serial").asText();
        String node = body.path("node").asText();
        presence.get(serial).ifPresent(older -> {
            log.info("camera {} connected to node {}: closing its older session {} here", serial, node,
                    older.sessionId());
            older.close("replaced by a newer connection on node " + node);
        });
        pages.accept(serial, true);
    }
}
