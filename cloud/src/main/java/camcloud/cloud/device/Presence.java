package camcloud.cloud.device;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which cameras are connected to this node right now. In memory only: heartbeats touch nothing but
 * the connection object, and {@link #sightings()} is written to the database in batches by
 * {@link SightingFlusher}, so a heartbeat never costs a database write.
 */
public final class Presence {

    private final ConcurrentHashMap<String, CameraConnection> bySerial = new ConcurrentHashMap<>();

    /** Registers a new connection; returns the one it replaces (same camera reconnected), if any. */
    public Optional<CameraConnection> connected(CameraConnection connection) {
        return Optional.ofNullable(bySerial.put(connection.serial(), connection));
    }

    /** Forgets {@code connection} unless a newer connection of the same camera replaced it. */
    public boolean disconnected(CameraConnection connection) {
        return bySerial.remove(connection.serial(), connection);
    }

    public Optional<CameraConnection> get(String serial) {
        return Optional.ofNullable(bySerial.get(serial));
    }

    public boolean isOnline(String serial) {
        return bySerial.containsKey(serial);
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
