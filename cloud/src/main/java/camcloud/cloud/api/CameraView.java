package camcloud.cloud.api;

import camcloud.cloud.device.CameraConnection;
import camcloud.cloud.device.Device;
import camcloud.cloud.device.Presence;
import camcloud.cloud.ownership.CameraAccess;
import camcloud.protocol.v1.LedState;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Locale;

/**
 * A camera as the API shows it: the database's record merged with its live connection. Online,
 * last seen, address, firmware and LED come from {@link Presence} while the camera is connected —
 * fresh to the last heartbeat without a database write — and from the last flushed sighting when
 * it is not.
 *
 * @param lastSeen  ISO-8601, null when the camera never connected
 * @param led       the camera's LED state while online ("online", "updating"…), else null
 * @param ownerId   only in operator views; null in a user's own list
 * @param access    the caller's access in a user's list: "owner", "viewer" (shared with them: live and
 *                  recordings, no settings) or "former" (released with their recordings kept: those
 *                  only, nothing about the camera now)
 * @param sharedBy  for a viewer, the owner's username
 */
record CameraView(
        String serial,
        String name,
        String model,
        String firmwareVersion,
        boolean online,
        String lastSeen,
        String address,
        String claimedAt,
        String led,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long ownerId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String access,
        @JsonInclude(JsonInclude.Include.NON_NULL) String sharedBy) {

    /** The camera as the caller may see it: a viewer does not see its address, a former owner nothing of now. */
    static CameraView of(CameraAccess a, Presence presence) {
        Device d = a.device();
        return switch (a.role()) {
            case OWNER -> of(d, presence, null, "owner", null);
            case VIEWER -> {
                CameraView v = of(d, presence, null, "viewer", a.sharedBy());
                yield new CameraView(v.serial, v.name, v.model, v.firmwareVersion, v.online, v.lastSeen, null, null,
                        v.led, null, v.access, v.sharedBy);
            }
            case FORMER_OWNER -> new CameraView(d.serial(), a.name(), d.model(), null, false, null, null, null, null,
                    null, "former", null);
        };
    }

    /** A camera the caller has just claimed. */
    static CameraView owned(Device d, Presence presence) {
        return of(d, presence, null, "owner", null);
    }

    static CameraView forOperator(Device d, Presence presence) {
        return of(d, presence, d.ownerId(), null, null);
    }

    private static CameraView of(Device d, Presence presence, Long owner, String access, String sharedBy) {
        CameraConnection c = presence.get(d.serial()).orElse(null);
        if (c == null) {
            // Not here; in a cluster it may be connected to another node (its details as last flushed).
            return new CameraView(d.serial(), d.name(), d.model(), d.firmwareVersion(),
                    presence.onlineAnywhere(d.serial()), iso(d.lastSeenAt()), d.lastAddress(), iso(d.claimedAt()), null, owner, access, sharedBy);
        }
        return new CameraView(d.serial(), d.name(), d.model(),
                c.firmwareVersion() != null ? c.firmwareVersion() : d.firmwareVersion(), true,
                iso(c.lastSeenMillis()), c.remoteAddress(), iso(d.claimedAt()), led(c.led()), owner, access, sharedBy);
    }

    private static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** {@code LED_STATE_ONLINE} → {@code "online"}; unknown values → {@code "unspecified"}. */
    static String led(LedState state) {
        if (state == null || state == LedState.UNRECOGNIZED || state == LedState.LED_STATE_UNSPECIFIED) {
            return "unspecified";
        }
        return state.name().substring("LED_STATE_".length()).toLowerCase(Locale.ROOT);
    }
}
