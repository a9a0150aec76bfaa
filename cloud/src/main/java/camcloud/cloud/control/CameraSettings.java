package camcloud.cloud.control;

import camcloud.cloud.control.CameraCommands.Outcome;
import camcloud.protocol.v1.ApplySettings;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.DayNightMode;
import camcloud.protocol.v1.PtzPreset;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's settings as the cloud keeps them: the owner's changes are checked ({@link SettingKeys}),
 * sent as {@code ApplySettings} (or {@code DayNightMode}), and — once the camera applied them — kept
 * as its desired settings, which every {@code Welcome} carries again; what the camera reports about
 * itself is recorded by {@link StateReports}.
 */
public final class CameraSettings {

    private static final Logger log = LoggerFactory.getLogger(CameraSettings.class);

    /**
     * Announced in Welcome by a cloud whose {@code Welcome.settings} is the whole of what the owner set:
     * the camera applies them, and a key that is absent goes back to the camera's default. (A cloud
     * without it sends no settings; the camera then keeps its own.)
     */
    public static final String WELCOME_CAPABILITY = "settings.v1";

    /**
     * What the owner sees.
     *
     * @param settings every key of {@link SettingKeys}: the camera's reported value, else the owner's,
     *                 else the documented default (keys whose default is the camera's own and that the
     *                 camera never reported are absent)
     * @param state    everything else the camera reported: {@code ptz.*}, {@code daynight.state},
     *                 {@code caps.*}
     */
    public record View(Map<String, String> settings, Map<String, String> state) {
    }

    /** The camera's presets, {@code NAME:PAN,TILT;…}: kept with the owner's settings. */
    public static final String PRESETS = "ptz.presets";
    /** At most 32 presets of names as zone names, angles as plain decimals. */
    private static final Pattern PRESET_LIST = Pattern.compile(
            "(|[A-Za-z0-9 _-]{1,32}:-?\\d{1,3}(\\.\\d{1,6})?,-?\\d{1,3}(\\.\\d{1,6})?"
            + "(;[A-Za-z0-9 _-]{1,32}:-?\\d{1,3}(\\.\\d{1,6})?,-?\\d{1,3}(\\.\\d{1,6})?){0,31})");

    private final CameraSettingsStore store;
    private final StateReports reports;
    private final CameraCommands commands;
    private final Clock clock;

    public CameraSettings(CameraSettingsStore store, StateReports reports, CameraCommands commands, Clock clock) {
        this.store = store;
        this.reports = reports;
        this.commands = commands;
        this.clock = clock;
    }

    /** The camera's settings and state (blocking: a database read). */
    public View view(String serial) {
        Map<String, String> reported = new LinkedHashMap<>(store.reported(serial));
        reports.pending(serial).ifPresent(p -> {
            if (p.complete()) {
                reported.clear();
            }
            reported.putAll(p.state());
        });
        Map<String, String> desired = store.desired(serial);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : SettingKeys.names()) {
            String value = reported.containsKey(key) ? reported.get(key)
                    : desired.containsKey(key) ? desired.get(key) : SettingKeys.defaultOf(key).orElse(null);
            if (value != null) {
                settings.put(key, value);
            }
        }
        Map<String, String> state = new java.util.TreeMap<>();
        reported.forEach((k, v) -> {
            if (!SettingKeys.known(k)) {
                state.put(k, v);
            }
        });
        return new View(settings, state);
    }

    /**
     * Checks {@code raw} and sends it to the camera; when the camera applied it, it becomes part of the
     * owner's settings.
     *
     * @throws InvalidSetting  a key or value the cloud refuses (nothing is sent)
     * @throws CommandRefused  the camera is offline or lacks the capability a key needs
     */
    public CompletableFuture<Outcome> apply(String serial, Map<String, String> raw, String by) {
        Map<String, String> checked = SettingKeys.check(raw);
        Command.Builder command = Command.newBuilder()
                .setApplySettings(ApplySettings.newBuilder().putAllSettings(checked));
        return commands.send(serial, command, "settings", SettingKeys.capabilitiesFor(checked.keySet()), by)
                .thenApply(outcome -> remember(serial, checked, outcome));
    }

    /** Sets the day/night mode ({@code auto}, {@code day}, {@code night}), remembered like a setting. */
    public CompletableFuture<Outcome> dayNight(String serial, String mode, String by) {
        Map<String, String> checked = SettingKeys.check(Map.of("daynight.mode", mode));
        DayNightMode.Mode wire = switch (checked.get("daynight.mode")) {
            case "day" -> DayNightMode.Mode.MODE_DAY;
            case "night" -> DayNightMode.Mode.MODE_NIGHT;
            default -> DayNightMode.Mode.MODE_AUTO;
        };
        Command.Builder command = Command.newBuilder().setDayNight(DayNightMode.newBuilder().setMode(wire));
        return commands.send(serial, command, "daynight." + wire.name().substring(5).toLowerCase(Locale.ROOT),
                        SettingKeys.capabilitiesFor(checked.keySet()), by)
                .thenApply(outcome -> remember(serial, checked, outcome));
    }

    /**
     * Saves, goes to or deletes a PTZ preset. After a save or a delete the camera's list of presets
     * ({@code ptz.presets} in its ack) is kept with the owner's settings, so a reset camera gets its
     * presets back in Welcome like its settings.
     *
     * @throws CommandRefused the camera is offline or has no PTZ
     */
    public CompletableFuture<Outcome> preset(String serial, PtzPreset.Action action, String name, String by) {
        Command.Builder command = Command.newBuilder().setPtzPreset(PtzPreset.newBuilder().setAction(action)
                .setName(name));
        String kind = "ptz.preset." + action.name().substring("ACTION_".length()).toLowerCase(Locale.ROOT);
        return commands.send(serial, command, kind, List.of(SettingKeys.PTZ), by).thenApply(outcome -> {
            if (action != PtzPreset.Action.ACTION_GOTO && outcome instanceof CameraCommands.Answered a && a.ok()) {
                String presets = a.state().get(PRESETS);
                if (presets != null && PRESET_LIST.matcher(presets).matches()) {
                    remember(serial, Map.of(PRESETS, presets), outcome);
                }
            }
            return outcome;
        });
    }

    /** What the owner set, for the camera's {@code Welcome} (blocking: a database read). */
    public Map<String, String> desired(String serial) {
        return store.desired(serial);
    }

    /** The camera reported its whole state ({@code CameraStatus.settings}); never blocks. */
    public void reported(String serial, Map<String, String> state) {
        reports.report(serial, state, true);
    }

    /** Forgets what the camera reported and has not been written yet (it was released). */
    void forgetPending(String serial) {
        reports.forget(serial);
    }

    private Outcome remember(String serial, Map<String, String> applied, Outcome outcome) {
        if (outcome instanceof CameraCommands.Answered a && a.ok()) {
            try {
                store.saveDesired(serial, applied, clock.millis());
            } catch (RuntimeException e) {
                // The camera has them; only a later reset would not bring them back.
                log.warn("camera {}: applied settings {} could not be stored: {}", serial, applied.keySet(),
                        e.toString());
            }
        }
        return outcome;
    }
}
