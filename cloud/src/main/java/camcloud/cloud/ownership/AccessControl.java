package camcloud.cloud.ownership;

import camcloud.cloud.device.Device;
import camcloud.cloud.device.DeviceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides, from the database at the moment of asking, what a user may do with a camera
 * ({@link CameraAccess}). Every camera route asks it on every request, and live video asks it again
 * while it streams, so access that ends ends everywhere.
 */
public final class AccessControl {

    private final DeviceStore devices;
    private final Ownerships ownerships;
    private final Shares shares;

    public AccessControl(DeviceStore devices, Ownerships ownerships, Shares shares) {
        this.devices = devices;
        this.ownerships = ownerships;
        this.shares = shares;
    }

    public Ownerships ownerships() {
        return ownerships;
    }

    public Shares shares() {
        return shares;
    }

    /** The user's access to the camera; empty when they have none (or there is no such camera). */
    public Optional<CameraAccess> of(long userId, String serial) {
        Optional<Device> found = devices.findBySerial(serial);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Device device = found.get();
        List<Ownership> history = ownerships.of(serial);
        Ownership current = history.stream().filter(Ownership::current).reduce((a, b) -> b).orElse(null);
        if (device.ownerId() != null && device.ownerId() == userId) {
            List<VideoWindow> mine = history.stream()
                    .filter(o -> o.ownerId() == userId && (o.current() || o.kept()))
                    .map(Ownership::window).toList();
            return Optional.of(new CameraAccess(device, CameraAccess.Role.OWNER, mine, null, device.name()));
        }
        if (current != null) {
            Optional<String> sharedBy = shares.with(userId).stream().filter(s -> s.serial().equals(serial))
                    .map(Shares.Shared::owner).findFirst();
            if (sharedBy.isPresent()) {
                return Optional.of(new CameraAccess(device, CameraAccess.Role.VIEWER, List.of(current.window()),
                        sharedBy.get(), device.name()));
            }
        }
        List<Ownership> kept = history.stream().filter(o -> o.ownerId() == userId && !o.current() && o.kept())
                .toList();
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        String name = kept.get(kept.size() - 1).name(); // the latest release names the camera
        return Optional.of(new CameraAccess(device, CameraAccess.Role.FORMER_OWNER,
                kept.stream().map(Ownership::window).toList(), null, name));
    }

    /** Every camera the user may see: their own (by name), then those shared with them, then former ones. */
    public List<CameraAccess> cameras(long userId) {
        List<CameraAccess> out = new ArrayList<>();
        for (Device d : devices.ownedBy(userId)) {
            of(userId, d.serial()).ifPresent(out::add);
        }
        for (Shares.Shared s : shares.with(userId)) {
            of(userId, s.serial()).filter(a -> a.role() == CameraAccess.Role.VIEWER).ifPresent(out::add);
        }
        for (Ownerships.Former f : ownerships.formerCameras(userId)) {
            of(userId, f.serial()).filter(a -> a.role() == CameraAccess.Role.FORMER_OWNER).ifPresent(out::add);
        }
        return out;
    }
}
