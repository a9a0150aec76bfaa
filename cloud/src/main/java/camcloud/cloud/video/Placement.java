package camcloud.cloud.video;

/**
 * Where {@link CameraTimeline} put one access unit.
 *
 * @param timeMicros    cloud time of the unit, epoch microseconds
 * @param duplicate     the unit was already received in this boot (a resend after a reconnect): drop it
 * @param discontinuity a hole longer than the gap threshold, or a camera restart, lies before the unit
 * @param gapFromMicros when {@code discontinuity}: where the hole starts (end of the previous unit)
 * @param reason        when {@code discontinuity}: why, for the gap list
 */
public record Placement(long timeMicros, boolean duplicate, boolean discontinuity, long gapFromMicros, String reason) {

    static final Placement DUPLICATE = new Placement(0, true, false, 0, null);
}
