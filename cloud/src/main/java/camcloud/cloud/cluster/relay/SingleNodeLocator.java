package camcloud.cloud.cluster.relay;

import camcloud.cloud.cluster.CameraLocator;
import camcloud.cloud.cluster.NodeAddress;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Where cameras are when a node knows of no other: here if connected here, else nowhere. What a node
 * relays with until the node directory's locator replaces it ({@link LiveRelays#locateWith}).
 */
public final class SingleNodeLocator implements CameraLocator {

    private final Supplier<NodeAddress> self;
    private final Predicate<String> connectedHere;

    /** @param self this node's address (asked when needed: the listener's port is known once it started) */
    public SingleNodeLocator(Supplier<NodeAddress> self, Predicate<String> connectedHere) {
        this.self = self;
        this.connectedHere = connectedHere;
    }

    @Override
    public Optional<NodeAddress> nodeOf(String serial) {
        return connectedHere.test(serial) ? Optional.of(self()) : Optional.empty();
    }

    @Override
    public NodeAddress self() {
        return self.get();
    }
}
