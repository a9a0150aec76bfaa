package camcloud.cloud.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syntax of {@code motion.zones}: {@code ;}-separated {@code NAME:KIND:X,Y,W,H}, KIND {@code detect}
 * or {@code mask}, X/Y/W/H fractions of the picture in [0,1] with X+W and Y+H at most 1, NAME
 * {@code [A-Za-z0-9 _-]{1,32}} and unique, at most {@value #MAX_ZONES} zones; empty is the whole
 * picture with no masks. The camera parses the same text again and applies it.
 */
final class MotionZones {

    static final int MAX_ZONES = 16;
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9 _-]{1,32}");
    /** A plain decimal: no exponent, no NaN or Infinity, no sign (fractions are never negative). */
    private static final Pattern FRACTION = Pattern.compile("\\d{1,3}(\\.\\d{1,9})?");
    /** Rounding slack when X+W or Y+H adds up to exactly 1 in decimal. */
    private static final double EPSILON = 1e-9;

    /** One zone, as parsed. */
    record Zone(String name, String kind, double x, double y, double w, double h) {
    }

    private MotionZones() {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is wrong with which zone. */
    static List<Zone> parse(String text) {
        List<Zone> zones = new ArrayList<>();
        if (text.isBlank()) {
            return zones;
        }
        String[] parts = text.split(";", -1);
        if (parts.length > MAX_ZONES) {
            throw new IllegalArgumentException("has " + parts.length + " zones; at most " + MAX_ZONES + " are allowed");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < parts.length; i++) {
            Zone zone = zone(parts[i].strip(), i + 1);
            if (!names.add(zone.name())) {
                throw new IllegalArgumentException("names zone '" + zone.name() + "' twice");
            }
            zones.add(zone);
        }
        return zones;
    }

    private static Zone zone(String text, int position) {
        String where = "zone " + position + " ('" + SettingKeys.printable(text) + "')";
        String[] fields = text.split(":", -1);
        if (fields.length != 3) {
            throw new IllegalArgumentException(where + " is not NAME:KIND:X,Y,W,H");
        }
        String name = fields[0];
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": the name must be 1 to 32 letters, digits, spaces, _ or -");
        }
        String kind = fields[1];
        if (!kind.equals("detect") && !kind.equals("mask")) {
            throw new IllegalArgumentException(where + ": the kind must be detect or mask");
        }
        String[] box = fields[2].split(",", -1);
        if (box.length != 4) {
            throw new IllegalArgumentException(where + ": the box must be X,Y,W,H");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            String n = box[i].strip();
            if (!FRACTION.matcher(n).matches() || (v[i] = Double.parseDouble(n)) > 1) {
                throw new IllegalArgumentException(where + ": X, Y, W and H must be fractions of the picture "
                        + "from 0 to 1");
            }
        }
        if (v[2] <= 0 || v[3] <= 0) {
            throw new IllegalArgumentException(where + ": W and H must be greater than 0");
        }
        if (v[0] + v[2] > 1 + EPSILON || v[1] + v[3] > 1 + EPSILON) {
            throw new IllegalArgumentException(where + " reaches outside the picture (X+W and Y+H must be at most 1)");
        }
        return new Zone(name, kind, v[0], v[1], v[2], v[3]);
    }
}
