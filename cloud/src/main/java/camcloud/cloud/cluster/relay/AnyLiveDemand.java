package camcloud.cloud.cluster.relay;

import camcloud.cloud.video.LiveDemands;
import java.util.List;
import java.util.function.Consumer;

/**
 * Somebody watches a camera when anybody does on either side: this node's viewers (the live hub) or
 * other nodes' relays ({@link RelaySource}). What the camera connections follow, so a camera that
 * records events only sends live video for a viewer on any node.
 */
public final class AnyLiveDemand implements LiveDemands {

    private final List<LiveDemands> parts;

    public AnyLiveDemand(LiveDemands... parts) {
        this.parts = List.of(parts);
    }

    @Override
    public Following follow(String serial, Consumer<Boolean> listener) {
        Either either = new Either(parts.size(), listener);
        Following[] following = new Following[parts.size()];
        for (int i = 0; i < following.length; i++) {
            int part = i;
            following[i] = parts.get(i).follow(serial, wanted -> either.set(part, wanted));
        }
        return () -> {
            for (Following f : following) {
                f.stop();
            }
        };
    }

    /**
     * The parts' states and what the listener was last told. Called under the parts' own locks; holds
     * its own only to tell the listener (which must not block, as {@link LiveDemands} says) and never
     * calls back into a part, so no lock order can cross.
     */
    private static final class Either {
        private final boolean[] wanted;
        private final Consumer<Boolean> listener;
        private boolean told;

        Either(int parts, Consumer<Boolean> listener) {
            this.wanted = new boolean[parts];
            this.listener = listener;
        }

        synchronized void set(int part, boolean value) {
            wanted[part] = value;
            boolean any = false;
            for (boolean w : wanted) {
                any |= w;
            }
            if (any != told) {
                told = any;
                listener.accept(any);
            }
        }
    }
}
