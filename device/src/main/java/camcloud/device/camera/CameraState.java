package camcloud.device.camera;

import camcloud.device.video.SceneControl;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the camera reports about itself, in {@code CommandAck.state} and {@code CameraStatus.settings}:
 * every setting, then {@code ptz.pan_deg}, {@code ptz.tilt_deg}, {@code ptz.moving},
 * {@code ptz.presets} (with a pan/tilt head), {@code daynight.state}, and the limits
 * {@code caps.resolutions}, {@code caps.ptz} (with a head: {@code PANMIN,PANMAX,TILTMIN,TILTMAX,MAXSPEED})
 * and {@code caps.fps.max}.
 */
final class CameraState {

    private CameraState() {
    }

    static Map<String, String> of(CameraSettings settings, PtzPresets presets, Optional<SceneControl> scene,
                                  boolean night, CameraSettings.Capabilities caps) {
        Map<String, String> state = new LinkedHashMap<>(settings.asMap());
        scene.ifPresent(s -> {
            SceneControl.PtzPosition p = s.ptzPosition();
            state.put("ptz.pan_deg", degrees(p.panDeg()));
            state.put("ptz.tilt_deg", degrees(p.tiltDeg()));
            state.put("ptz.moving", Boolean.toString(p.moving()));
            state.put(PtzPresets.KEY, presets.format());
        });
        state.put("daynight.state", night ? "night" : "day");
        state.put("caps.resolutions", caps.resolutionList());
        scene.ifPresent(s -> {
            SceneControl.PtzLimits l = s.ptzLimits();
            state.put("caps.ptz", degrees(l.panMin()) + "," + degrees(l.panMax()) + "," + degrees(l.tiltMin()) + ","
                    + degrees(l.tiltMax()) + "," + degrees(l.maxSpeedDegPerS()));
        });
        state.put("caps.fps.max", Integer.toString(CameraSettings.MAX_FPS));
        return state;
    }

    /** Degrees to a tenth, without trailing zeros: {@code -170}, {@code 12.5}. */
    static String degrees(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
