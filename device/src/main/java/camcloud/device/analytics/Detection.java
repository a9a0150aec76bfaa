package camcloud.device.analytics;

import java.util.Map;

/**
 * What one detector saw change in one picture: an event began, ended, or happened in an instant
 * (a day/night switch, which the camera reports as START and END together).
 *
 * @param type      {@code motion}, {@code sound} or {@code day_night}
 * @param phase     what happened
 * @param zone      the detection zone for motion, empty for the whole picture and other types
 * @param startMicros when the event began, on the capture clock of {@link camcloud.device.video.RawPicture}
 * @param startWallMillis the camera's wall clock then
 * @param endMicros when it ended (END and INSTANT only)
 * @param endWallMillis the wall clock then
 * @param score     motion: share of the picture that moved (0..1); sound: dBFS; day/night: 0
 * @param details   e.g. {@code state=night}
 */
public record Detection(String type, Phase phase, String zone, long startMicros, long startWallMillis,
                        long endMicros, long endWallMillis, float score, Map<String, String> details) {

    /** Whether the detection opens, closes, or is a whole event. */
    public enum Phase { START, END, INSTANT }

    public static final String MOTION = "motion";
    public static final String SOUND = "sound";
    public static final String DAY_NIGHT = "day_night";

    public Detection {
        details = Map.copyOf(details);
    }
}
