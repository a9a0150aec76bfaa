package camcloud.cloud.cluster;

import camcloud.cloud.firmware.FirmwareService;
import camcloud.cloud.ownership.Ownerships;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes made on one node that other nodes act on, carried over the {@link ClusterBus}:
 *
 * <ul>
 *   <li>a new firmware target: the node that holds the camera offers it the update at once
 *       ({@link FirmwareService#targetSetElsewhere});</li>
 *   <li>an ownership change: every node does what it does for a local one
 *       ({@link Ownerships#changedElsewhere}: the recorder cuts the camera's segment, a released
 *       camera's connection is closed so it starts from its defaults). Live viewing needs nothing:
 *       every node re-checks its viewers' access each second from the database.</li>
 * </ul>
 */
final class ChangeRelay {

    private static final Logger log = LoggerFactory.getLogger(ChangeRelay.class);
    static final String TARGET = "firmware.target";
    static final String OWNER = "owner.changed";

    private ChangeRelay() {
    }

    static void carryTargets(ClusterBus bus, FirmwareService firmware) {
        firmware.relayTargets(serial -> bus.send(null, TARGET, bus.body().put("serial", serial)));
        bus.on(TARGET, body -> firmware.targetSetElsewhere(body.path("serial").asText()));
    }

    /** @param blocking where the listeners run (they may touch the database), not the bus's thread */
    static void carryOwnerChanges(ClusterBus bus, Ownerships ownerships, Executor blocking) {
        ownerships.relayChanges((serial, atMicros) -> bus.send(null, OWNER, bus.body().put("serial", serial)
                .put("atMicros", atMicros)));
        bus.on(OWNER, body -> {
            String serial = body.path("serial").asText();
            long at = body.path("atMicros").asLong();
            try {
                blocking.execute(() -> ownerships.changedElsewhere(serial, at));
            } catch (RejectedExecutionException e) {
                log.warn("cluster: camera {} changed hands elsewhere but this node is too busy to act on it", serial);
            }
        });
    }
}
