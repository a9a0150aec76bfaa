package camcloud.cloud.api;

import camcloud.cloud.device.CameraConnection;
import camcloud.cloud.device.Device;
import camcloud.cloud.device.Presence;
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Long ownerId) {

    static CameraView of(Device d, Presence presence) {
        return of(d, presence, false);
    }

    static CameraView forOperator(Device d, Presence presence) {
        return of(d, presence, true);
    }

    private static CameraView of(Device d, Presence presence, boolean withOwner) {
        CameraConnection c = presence.get(d.serial()).orElse(null);
        Long owner = withOwner ? d.ownerId() : null;
        if (c == null) {
            return new CameraView(d.serial(), d.name(), d.model(), d.firmwareVersion(), false,
                    iso(d.lastSeenAt()), d.lastAddress(), iso(d.claimedAt()), null, owner);
        }
        return new CameraView(d.serial(), d.name(), d.model(),
                c.firmwareVersion() != null ? c.firmwareVersion() : d.firmwareVersion(), true,
                iso(c.lastSeenMillis()), c.remoteAddress(), iso(d.claimedAt()), led(c.led()), owner);
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
