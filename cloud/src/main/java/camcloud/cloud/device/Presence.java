package camcloud.cloud.device;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which cameras are connected to this node right now. In memory only: heartbeats touch nothing but
 * the connection object, and {@link #sightings()} is written to the database in batches by
 * {@link SightingFlusher}, so a heartbeat never costs a database write.
 */
public final class Presence {

    /**
     * Hears a camera come online or go offline on this node. Called on the camera's event loop, after
     * the change: return at once and hand anything slow (database, network) to another thread. A
     * reconnect that replaces a live connection is not a change (the camera never went offline).
     */
    public interface Listener {
        void onlineChanged(String serial, boolean online);
    }

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final ConcurrentHashMap<String, CameraConnection> bySerial = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Predicate<String> elsewhere = serial -> false;
    private volatile Consumer<DeviceStore.Sighting> departures = sighting -> { };

    /** Adds a listener; returns what removes it again. */
    public Runnable onChange(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Registers a new connection; returns the one it replaces (same camera reconnected), if any. */
    public Optional<CameraConnection> connected(CameraConnection connection) {
        Optional<CameraConnection> replaced = Optional.ofNullable(bySerial.put(connection.serial(), connection));
        if (replaced.isEmpty()) {
            tell(connection.serial(), true);
        }
        return replaced;
    }

    /**
     * Forgets {@code connection} unless a newer connection of the same camera replaced it; its last
     * sighting goes to the {@link #onDeparture} listener then, so "last seen" is exact after a drop.
     */
    public boolean disconnected(CameraConnection connection) {
        boolean removed = bySerial.remove(connection.serial(), connection);
        if (removed) {
            departures.accept(sightingOf(connection));
            tell(connection.serial(), false);
        }
        return removed;
    }

    /**
     * Who writes the last sighting of a camera that went offline here ({@link SightingFlusher}, in
     * batches). Called on the camera's event loop: it must only queue.
     */
    public void onDeparture(Consumer<DeviceStore.Sighting> listener) {
        this.departures = listener;
    }

    private void tell(String serial, boolean online) {
        for (Listener listener : listeners) {
            try {
                listener.onlineChanged(serial, online);
            } catch (RuntimeException e) {
                // A listener's bug must not break the gateway's bookkeeping.
                log.warn("presence listener failed for camera {}: {}", serial, e.toString());
            }
        }
    }

    public Optional<CameraConnection> get(String serial) {
        return Optional.ofNullable(bySerial.get(serial));
    }

    /** Connected to this node. */
    public boolean isOnline(String serial) {
        return bySerial.containsKey(serial);
    }

    /**
     * Where to ask whether a camera not connected here is connected to another live node (the cluster
     * directory); by default nowhere else.
     */
    public void lookElsewhere(Predicate<String> onAnotherNode) {
        this.elsewhere = onAnotherNode;
    }

    /**
     * Connected to this node or, in a cluster, to another live node: what the API shows as "online".
     * Blocking (a directory read) when the camera is not here: never call it on an event loop.
     */
    public boolean onlineAnywhere(String serial) {
        return bySerial.containsKey(serial) || elsewhere.test(serial);
    }

    public int count() {
        return bySerial.size();
    }

    public Collection<CameraConnection> all() {
        return bySerial.values();
    }

    /** The current contact details of every connected camera, for the batch flush. */
    public List<DeviceStore.Sighting> sightings() {
        List<DeviceStore.Sighting> out = new ArrayList<>(bySerial.size());
        for (CameraConnection c : bySerial.values()) {
            out.add(sightingOf(c));
        }
        return out;
    }

    public static DeviceStore.Sighting sightingOf(CameraConnection c) {
        return new DeviceStore.Sighting(c.serial(), c.lastSeenMillis(), c.remoteAddress(), c.firmwareVersion());
    }
}
