package camcloud.device.analytics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A rectangle of the picture that motion detection treats specially: a {@link Kind#DETECT} zone names
 * the motion found in it (and, when any exist, motion outside every detection zone is ignored); a
 * {@link Kind#MASK} zone is never looked at (a busy road, a tree in the wind). Coordinates are
 * fractions of the picture, so a zone stays where it was drawn at every resolution.
 *
 * <p>Settings form ({@code motion.zones}): {@code NAME:KIND:X,Y,W,H} joined by {@code ;}, e.g.
 * {@code door:detect:0.1,0.2,0.3,0.5;road:mask:0,0.8,1,0.2}.
 */
public record Zone(String name, Kind kind, double x, double y, double w, double h) {

    /** What a zone does. */
    public enum Kind { DETECT, MASK }

    /** Zone and preset names: letters, digits, space, {@code _} and {@code -}, 1 to 32 of them. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9 _-]{1,32}");
    public static final int MAX_ZONES = 16;
    private static final String KEY = "motion.zones";

    public Zone {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(KEY + ": zone name '" + name + "' must be 1 to 32 letters, digits, "
                    + "spaces, '_' or '-'");
        }
        check(name, "X", x);
        check(name, "Y", y);
        check(name, "W", w);
        check(name, "H", h);
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException(KEY + ": zone '" + name + "' must have a width and a height above 0");
        }
        if (x + w > 1 + 1e-9 || y + h > 1 + 1e-9) {
            throw new IllegalArgumentException(KEY + ": zone '" + name + "' reaches outside the picture (X+W and Y+H "
                    + "must be at most 1, were " + fmt(x + w) + " and " + fmt(y + h) + ")");
        }
    }

    private static void check(String name, String what, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(KEY + ": zone '" + name + "' " + what + " must be a fraction of the "
                    + "picture in [0, 1], was " + fmt(value));
        }
    }

    /** True when the point (fractions of the picture) lies inside. */
    public boolean contains(double fx, double fy) {
        return fx >= x && fx < x + w && fy >= y && fy < y + h;
    }

    /**
     * Parses the settings form; empty or blank is no zones.
     *
     * @throws IllegalArgumentException naming {@code motion.zones} and what is wrong
     */
    public static List<Zone> parseAll(String value) {
        List<Zone> zones = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return zones;
        }
        Set<String> names = new HashSet<>();
        for (String part : value.split(";", -1)) {
            if (part.isBlank()) {
                continue;
            }
            Zone zone = parse(part.trim());
            if (!names.add(zone.name())) {
                throw new IllegalArgumentException(KEY + ": zone name '" + zone.name() + "' is used twice");
            }
            zones.add(zone);
        }
        if (zones.size() > MAX_ZONES) {
            throw new IllegalArgumentException(KEY + ": at most " + MAX_ZONES + " zones, was " + zones.size());
        }
        return zones;
    }

    private static Zone parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(KEY + ": '" + text + "' is not NAME:KIND:X,Y,W,H");
        }
        Kind kind = switch (parts[1].trim().toLowerCase(Locale.ROOT)) {
            case "detect" -> Kind.DETECT;
            case "mask" -> Kind.MASK;
            default -> throw new IllegalArgumentException(KEY + ": zone '" + parts[0] + "' kind must be 'detect' or "
                    + "'mask', was '" + parts[1] + "'");
        };
        String[] numbers = parts[2].split(",", -1);
        if (numbers.length != 4) {
            throw new IllegalArgumentException(KEY + ": zone '" + parts[0] + "' needs X,Y,W,H, was '" + parts[2] + "'");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(numbers[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(KEY + ": zone '" + parts[0] + "' has '" + numbers[i]
                        + "' where a number belongs");
            }
        }
        return new Zone(parts[0], kind, v[0], v[1], v[2], v[3]);
    }

    /** The settings form of {@code zones}. */
    public static String format(List<Zone> zones) {
        List<String> parts = new ArrayList<>();
        for (Zone z : zones) {
            parts.add(z.name() + ":" + z.kind().name().toLowerCase(Locale.ROOT) + ":" + fmt(z.x()) + "," + fmt(z.y())
                    + "," + fmt(z.w()) + "," + fmt(z.h()));
        }
        return String.join(";", parts);
    }

    static String fmt(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
