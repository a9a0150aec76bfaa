package camcloud.device.camera;

import camcloud.device.analytics.CameraAnalytics;
import camcloud.device.analytics.DayNightMode;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.video.SceneControl;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.DayNightMode.Mode;
import camcloud.protocol.v1.PtzMove;
import camcloud.protocol.v1.PtzPreset;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the cloud's camera commands on a running camera — ApplySettings, PtzMove, PtzPreset,
 * DayNightMode — and keeps the settings and presets in the config partition, from where
 * {@link #boot} applies them again at every power-on.
 *
 * <p>Every command is checked whole before anything changes: a bad key or value, a target beyond the
 * head's limits, an unknown preset is {@code RESULT_REJECTED} with a message naming it, and the camera
 * is as it was. Every ack carries the camera's state ({@link CameraState}); after a change the camera
 * also sends a new {@code CameraStatus} ({@code stateChanged}), and again when a head move should
 * have ended.
 *
 * <p>Threads: commands arrive on the agent's event loop; writing the config partition (one 64 KiB
 * erase block) takes well under a millisecond on the virtual flash. Methods are synchronized: the
 * analytics' day/night switch reads the state from the clock thread.
 */
final class CameraControl {

    private static final Logger log = LoggerFactory.getLogger(CameraControl.class);

    private final String serial;
    private final CameraFlash flash;
    private final Optional<SceneControl> scene;
    private final CameraAnalytics analytics;
    private final CameraSettings.Capabilities caps;
    private final ScheduledExecutorService timer;
    private final Runnable stateChanged;
    private final List<Consumer<CameraSettings>> appliedListeners = new CopyOnWriteArrayList<>();
    private CameraConfig config;
    private CameraSettings settings;
    private PtzPresets presets;

    private CameraControl(String serial, CameraFlash flash, CameraConfig config, Optional<SceneControl> scene,
                          CameraAnalytics analytics, CameraSettings.Capabilities caps, ScheduledExecutorService timer,
                          Runnable stateChanged) {
        this.serial = serial;
        this.flash = flash;
        this.config = config;
        this.scene = scene;
        this.analytics = analytics;
        this.caps = caps;
        this.timer = timer;
        this.stateChanged = stateChanged;
    }

    /**
     * Reads the settings and presets stored in {@code config} and applies them to the picture and the
     * analytics (null when the camera has none). A stored value that no longer fits is logged and
     * left at its default: a boot never fails on a setting.
     */
    static CameraControl boot(String serial, CameraFlash flash, CameraConfig config, Optional<SceneControl> scene,
                              CameraAnalytics analytics, CameraSettings.Capabilities caps,
                              ScheduledExecutorService timer, Runnable stateChanged) {
        CameraControl control = new CameraControl(serial, flash, config, scene, analytics, caps, timer, stateChanged);
        control.settings = CameraSettings.fromStored(config.settings(), caps,
                warning -> log.warn("camera {}: {}", serial, warning));
        control.presets = PtzPresets.parse(config.settings().get(PtzPresets.KEY));
        if (caps.imageControl()) {
            scene.ifPresent(s -> {
                try {
                    s.apply(control.settings.image());
                } catch (IllegalArgumentException e) {
                    log.warn("camera {}: stored image settings not applied: {}", serial, e.getMessage());
                }
            });
        }
        if (analytics != null) {
            analytics.settings(control.settings.detection());
        }
        return control;
    }

    /**
     * Calls {@code listener} with the settings now and again after every change (on the thread that
     * changed them: the agent's event loop). What other parts of the camera hang on the settings,
     * e.g. the uplink's {@code recording.*}.
     */
    synchronized void onApplied(Consumer<CameraSettings> listener) {
        appliedListeners.add(listener);
        listener.accept(settings);
    }

    synchronized CameraSettings settings() {
        return settings;
    }

    synchronized CameraConfig config() {
        return config;
    }

    /** The state every ack and status carries. */
    synchronized Map<String, String> state() {
        boolean night = scene.map(SceneControl::nightMode).orElse(false);
        return CameraState.of(settings, presets, scene, night, caps);
    }

    /**
     * Adopts the settings a Welcome carries ({@code settings.v1}): the owner's whole set, every key
     * absent from it back at its default. A value this camera cannot take is logged and left at its
     * default. Writes and applies only when something differs (a reconnect costs no flash write).
     * Returns whether anything changed.
     */
    synchronized boolean adopt(Map<String, String> desired) {
        CameraSettings next = CameraSettings.defaults(caps);
        for (String key : CameraSettings.KEYS) {
            String value = desired.get(key);
            if (value == null) {
                continue;
            }
            try {
                next = next.with(Map.of(key, value), caps);
            } catch (IllegalArgumentException e) {
                log.warn("camera {}: the cloud's setting not applied: {}", serial, e.getMessage());
            }
        }
        // The presets are the owner's too: a reset camera gets them back, a released one forgets them.
        PtzPresets nextPresets = presets;
        try {
            nextPresets = PtzPresets.parse(desired.get(PtzPresets.KEY));
        } catch (IllegalArgumentException e) {
            log.warn("camera {}: the cloud's presets not applied: {}", serial, e.getMessage());
        }
        if (next.equals(settings) && nextPresets.equals(presets)) {
            return false;
        }
        CommandAck ack = commit(next, nextPresets, "adopted the cloud's settings");
        if (ack.getResult() != CommandAck.Result.RESULT_OK) {
            log.warn("camera {}: the cloud's settings not applied: {}", serial, ack.getMessage());
            return false;
        }
        log.info("camera {}: took the owner's settings from the cloud", serial);
        return true;
    }

    /** Handles a camera command; null when {@code command} is not one of these. */
    CommandAck handle(Command command) {
        CommandAck ack = switch (command.getKindCase()) {
            case APPLY_SETTINGS -> applySettings(command.getApplySettings().getSettingsMap());
            case PTZ_MOVE -> move(command.getPtzMove());
            case PTZ_PRESET -> preset(command.getPtzPreset());
            case DAY_NIGHT -> dayNight(command.getDayNight().getMode());
            default -> null;
        };
        if (ack == null) {
            return null;
        }
        if (ack.getResult() == CommandAck.Result.RESULT_OK) {
            stateChanged.run();
        }
        return ack.toBuilder().putAllState(state()).build();
    }

    private synchronized CommandAck applySettings(Map<String, String> changes) {
        CameraSettings next;
        try {
            next = settings.with(changes, caps);
        } catch (IllegalArgumentException e) {
            return rejected(e.getMessage());
        }
        return commit(next, presets, "applied " + changes.size() + " settings");
    }

    private synchronized CommandAck dayNight(Mode mode) {
        DayNightMode m = switch (mode) {
            case MODE_AUTO -> DayNightMode.AUTO;
            case MODE_DAY -> DayNightMode.DAY;
            case MODE_NIGHT -> DayNightMode.NIGHT;
            default -> null;
        };
        if (m == null) {
            return rejected("day/night mode must be auto, day or night, was " + mode);
        }
        if (scene.isEmpty()) {
            return ack(CommandAck.Result.RESULT_UNSUPPORTED, "this camera has no day/night hardware");
        }
        return commit(settings.with(Map.of("daynight.mode", m.value()), caps), presets, "day/night " + m.value());
    }

    /**
     * Writes settings and presets to the config partition, then applies them; a failed write changes
     * nothing. The picture's image settings are applied before the write and put back if it fails.
     */
    private CommandAck commit(CameraSettings next, PtzPresets nextPresets, String done) {
        Map<String, String> stored = new LinkedHashMap<>(config.settings());
        stored.putAll(next.asMap());
        stored.put(PtzPresets.KEY, nextPresets.format());
        CameraConfig updated = config.withSettings(stored);
        boolean imageChanged = caps.imageControl() && !next.image().equals(settings.image());
        if (imageChanged) {
            try {
                scene.ifPresent(s -> s.apply(next.image()));
            } catch (IllegalArgumentException e) {
                return rejected(e.getMessage());
            }
        }
        try {
            flash.writeConfig(updated);
        } catch (IOException | RuntimeException e) {
            if (imageChanged) {
                scene.ifPresent(s -> s.apply(settings.image()));
            }
            log.warn("camera {}: writing settings failed: {}", serial, e.toString());
            return ack(CommandAck.Result.RESULT_FAILED, "the config partition could not be written: " + e.getMessage());
        }
        config = updated;
        settings = next;
        presets = nextPresets;
        if (analytics != null) {
            analytics.settings(next.detection());
        }
        for (Consumer<CameraSettings> listener : appliedListeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("camera {}: a settings listener failed: {}", serial, e.toString());
            }
        }
        return ack(CommandAck.Result.RESULT_OK, done);
    }

    private synchronized CommandAck move(PtzMove move) {
        if (scene.isEmpty()) {
            return ack(CommandAck.Result.RESULT_UNSUPPORTED, "this camera has no PTZ");
        }
        SceneControl head = scene.get();
        if (move.getStop()) {
            head.stop();
            return ack(CommandAck.Result.RESULT_OK, "stopped");
        }
        SceneControl.PtzPosition at = head.ptzPosition();
        double pan = move.getRelative() ? at.panDeg() + move.getPanDeg() : move.getPanDeg();
        double tilt = move.getRelative() ? at.tiltDeg() + move.getTiltDeg() : move.getTiltDeg();
        return moveTo(head, pan, tilt, move.getSpeedDegPerS(), "moving");
    }

    private CommandAck moveTo(SceneControl head, double pan, double tilt, double speed, String done) {
        SceneControl.PtzLimits l = head.ptzLimits();
        String limits = " (pan " + CameraState.degrees(l.panMin()) + ".." + CameraState.degrees(l.panMax())
                + ", tilt " + CameraState.degrees(l.tiltMin()) + ".." + CameraState.degrees(l.tiltMax()) + ")";
        if (!Double.isFinite(pan) || pan < l.panMin() || pan > l.panMax()) {
            return rejected("pan " + CameraState.degrees(pan) + " is beyond the pan limit "
                    + CameraState.degrees(pan < l.panMin() ? l.panMin() : l.panMax()) + limits);
        }
        if (!Double.isFinite(tilt) || tilt < l.tiltMin() || tilt > l.tiltMax()) {
            return rejected("tilt " + CameraState.degrees(tilt) + " is beyond the tilt limit "
                    + CameraState.degrees(tilt < l.tiltMin() ? l.tiltMin() : l.tiltMax()) + limits);
        }
        if (!Double.isFinite(speed) || speed < 0 || speed > l.maxSpeedDegPerS()) {
            return rejected("speed " + CameraState.degrees(speed) + " °/s is beyond the limit of "
                    + CameraState.degrees(l.maxSpeedDegPerS()) + " °/s (0: the default)");
        }
        SceneControl.PtzPosition at = head.ptzPosition();
        try {
            head.moveTo(pan, tilt, speed);
        } catch (IllegalArgumentException e) {
            return rejected(e.getMessage());
        }
        // Tell the cloud where the head ended up once it should be there.
        double degrees = Math.max(Math.abs(pan - at.panDeg()), Math.abs(tilt - at.tiltDeg()));
        double seconds = degrees / (speed > 0 ? speed : Math.min(45, l.maxSpeedDegPerS()));
        timer.schedule(stateChanged, (long) (seconds * 1000) + 250, TimeUnit.MILLISECONDS);
        return ack(CommandAck.Result.RESULT_OK, done);
    }

    private synchronized CommandAck preset(PtzPreset preset) {
        if (scene.isEmpty()) {
            return ack(CommandAck.Result.RESULT_UNSUPPORTED, "this camera has no PTZ");
        }
        String name = preset.getName();
        try {
            PtzPresets.checkName(name);
        } catch (IllegalArgumentException e) {
            return rejected(e.getMessage());
        }
        SceneControl head = scene.get();
        switch (preset.getAction()) {
            case ACTION_SAVE -> {
                SceneControl.PtzPosition at = head.ptzPosition();
                try {
                    return commit(settings, presets.with(name, new PtzPresets.Position(at.panDeg(), at.tiltDeg())),
                            "saved preset '" + name + "'");
                } catch (IllegalArgumentException e) {
                    return rejected(e.getMessage());
                }
            }
            case ACTION_GOTO -> {
                PtzPresets.Position p = presets.byName().get(name);
                if (p == null) {
                    return rejected(unknown(name));
                }
                return moveTo(head, p.panDeg(), p.tiltDeg(), 0, "going to preset '" + name + "'");
            }
            case ACTION_DELETE -> {
                if (!presets.byName().containsKey(name)) {
                    return rejected(unknown(name));
                }
                return commit(settings, presets.without(name), "deleted preset '" + name + "'");
            }
            default -> {
                return rejected("preset action must be goto, save or delete, was " + preset.getAction());
            }
        }
    }

    private String unknown(String name) {
        return "unknown preset '" + name + "'; presets: "
                + (presets.byName().isEmpty() ? "none" : String.join(", ", presets.byName().keySet()));
    }

    private static CommandAck rejected(String message) {
        return ack(CommandAck.Result.RESULT_REJECTED, message);
    }

    static CommandAck ack(CommandAck.Result result, String message) {
        return CommandAck.newBuilder().setResult(result).setMessage(message).build();
    }
}
