package camcloud.cloud.event;

import java.util.Map;
import java.util.Optional;

/**
 * An event as the cloud keeps and shows it: one row per event, opened by the camera's START and
 * closed by its END.
 *
 * @param id          the cloud's id of the event (stable, opaque, used in URLs)
 * @param serial      the camera
 * @param type        {@code motion}, {@code sound} or {@code day_night}
 * @param zone        the detection zone of a motion event; empty: the whole picture
 * @param startMillis when it started, on the cloud's timeline of the camera (the same clock as the
 *                    archive, so a click on the event plays that moment)
 * @param endMillis   when it ended; empty while it goes on
 * @param score       motion: peak share of the picture that moved (0..1); sound: peak dBFS
 * @param details     type-specific, e.g. {@code state=night} for day_night
 * @param hasSnapshot a JPEG of the start is stored ({@code GET /api/events/{id}/snapshot.jpg})
 */
public record StoredEvent(String id, String serial, String type, Optional<String> zone, long startMillis,
                          Optional<Long> endMillis, float score, Map<String, String> details, boolean hasSnapshot) {

    public StoredEvent {
        details = Map.copyOf(details);
    }
}
