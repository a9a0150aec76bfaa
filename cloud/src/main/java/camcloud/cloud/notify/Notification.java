package camcloud.cloud.notify;

/**
 * A notification as the API lists it and the push stream sends it (the {@code NOTIFICATION} of the
 * API): {@code kind} is {@code offline}, {@code online}, {@code motion}, {@code sound} or
 * {@code day_night}; {@code at} ISO-8601; {@code event} the event's id, null for offline/online.
 */
public record Notification(long id, String camera, String cameraName, String kind, String title, String body,
                           String at, String event) {
}
