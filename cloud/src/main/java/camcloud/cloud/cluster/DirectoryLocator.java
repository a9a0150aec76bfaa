package camcloud.cloud.cluster;

import camcloud.cloud.device.Presence;
import java.util.Optional;

/**
 * {@link CameraLocator} over the node directory. This node's own presence answers first (it knows
 * its cameras before their rows are written, and after their rows are gone); other cameras are looked
 * up in the directory, where a camera of a node whose lease ran out is on no node.
 */
public final class DirectoryLocator implements CameraLocator {

    private final NodeDirectory directory;
    private final Presence presence;

    public DirectoryLocator(NodeDirectory directory, Presence presence) {
        this.directory = directory;
        this.presence = presence;
    }

    @Override
    public Optional<NodeAddress> nodeOf(String serial) {
        if (presence.isOnline(serial)) {
            return Optional.of(directory.self());
        }
        // A row naming this node for a camera that is not here is one being removed: on no node.
        return directory.nodeOf(serial).filter(n -> !n.nodeId().equals(directory.self().nodeId()));
    }

    @Override
    public NodeAddress self() {
        return directory.self();
    }

    @Override
    public boolean isLocal(String serial) {
        return presence.isOnline(serial);
    }
}
