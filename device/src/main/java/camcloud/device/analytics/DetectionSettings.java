package camcloud.device.analytics;

import java.util.List;

/**
 * What the camera's detectors are told to do (settings keys in brackets; parsed and range-checked by
 * the camera's settings, {@code camcloud.device.camera.CameraSettings}).
 *
 * @param motionEnabled      [{@code motion.enabled}]
 * @param sensitivity        [{@code motion.sensitivity}] 1..100, higher: smaller changes count
 * @param minAreaPercent     [{@code motion.min_area_percent}] share of the looked-at picture that must change
 * @param zones              [{@code motion.zones}] detection and mask zones
 * @param soundEnabled       [{@code sound.enabled}]
 * @param soundThresholdDbfs [{@code sound.threshold_dbfs}] -90..0
 * @param dayNight           [{@code daynight.mode}]
 */
public record DetectionSettings(boolean motionEnabled, int sensitivity, double minAreaPercent, List<Zone> zones,
                                boolean soundEnabled, double soundThresholdDbfs, DayNightMode dayNight) {

    /** The table's defaults. */
    public static final DetectionSettings DEFAULTS =
            new DetectionSettings(true, 50, 1, List.of(), true, -30, DayNightMode.AUTO);

    public DetectionSettings {
        zones = List.copyOf(zones);
    }

    /**
     * The block-mean change (luma levels, 0..255 scale) that counts a block as changed: 63 at
     * sensitivity 1, 34 at 50, 4 at 100.
     */
    public double blockThreshold() {
        return 4 + (100 - sensitivity) * 0.6;
    }

    public DetectionSettings withDayNight(DayNightMode mode) {
        return new DetectionSettings(motionEnabled, sensitivity, minAreaPercent, zones, soundEnabled,
                soundThresholdDbfs, mode);
    }
}
