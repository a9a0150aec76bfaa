package camcloud.device.camera;

import camcloud.device.analytics.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pan/tilt head's named positions, as the config partition keeps them ({@code ptz.presets}:
 * {@code NAME:PAN,TILT;...}, names like zone names, at most {@value #MAX} of them). Immutable.
 */
public record PtzPresets(Map<String, Position> byName) {

    public static final int MAX = 32;
    public static final String KEY = "ptz.presets";

    /** A saved position, degrees. */
    public record Position(double panDeg, double tiltDeg) {
    }

    public PtzPresets {
        byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    public static PtzPresets none() {
        return new PtzPresets(Map.of());
    }

    /** Checks a preset name: the message names it and the rule. */
    public static String checkName(String name) {
        if (name == null || !Zone.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("preset name '" + name + "' must be 1 to 32 letters, digits, spaces, "
                    + "'_' or '-'");
        }
        return name;
    }

    /** Parses the stored form; a damaged entry is skipped (a boot never fails on a preset). */
    public static PtzPresets parse(String stored) {
        Map<String, Position> presets = new LinkedHashMap<>();
        if (stored == null || stored.isBlank()) {
            return new PtzPresets(presets);
        }
        for (String entry : stored.split(";")) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            String[] angles = entry.substring(colon + 1).split(",");
            try {
                String name = checkName(entry.substring(0, colon));
                if (angles.length == 2 && presets.size() < MAX) {
                    presets.put(name, new Position(Double.parseDouble(angles[0]), Double.parseDouble(angles[1])));
                }
            } catch (IllegalArgumentException e) {
                // skipped, see above
            }
        }
        return new PtzPresets(presets);
    }

    public PtzPresets with(String name, Position position) {
        checkName(name);
        if (!byName.containsKey(name) && byName.size() >= MAX) {
            throw new IllegalArgumentException("at most " + MAX + " presets; delete one before saving '" + name + "'");
        }
        Map<String, Position> next = new LinkedHashMap<>(byName);
        next.put(name, position);
        return new PtzPresets(next);
    }

    public PtzPresets without(String name) {
        Map<String, Position> next = new LinkedHashMap<>(byName);
        next.remove(name);
        return new PtzPresets(next);
    }

    /** {@code NAME:PAN,TILT;...}. */
    public String format() {
        List<String> parts = new ArrayList<>();
        byName.forEach((name, p) -> parts.add(name + ":" + CameraState.degrees(p.panDeg()) + ","
                + CameraState.degrees(p.tiltDeg())));
        return String.join(";", parts);
    }
}
