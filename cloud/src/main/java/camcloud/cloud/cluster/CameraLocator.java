package camcloud.cloud.cluster;

import java.util.Optional;

/**
 * Which node a camera is connected to, from the node directory: a camera on a node whose lease has
 * run out is on none. A single node (embedded SQLite) finds only its own cameras.
 */
public interface CameraLocator {

    /** The node that holds the camera's newest session, when that node is alive. Blocking (database). */
    Optional<NodeAddress> nodeOf(String serial);

    /** This node's own address. */
    NodeAddress self();

    /** True when {@code serial} is connected to this node. */
    default boolean isLocal(String serial) {
        return nodeOf(serial).map(n -> n.nodeId().equals(self().nodeId())).orElse(false);
    }
}
