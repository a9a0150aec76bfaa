package camcloud.cloud.config;

import java.time.Duration;
import java.util.Properties;

/** Reading one setting from a properties file: a bad value fails with the setting's name and the value given. */
final class Settings {

    private Settings() {
    }

    static long whole(Properties p, String name) {
        String value = p.getProperty(name);
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    static int wholeInt(Properties p, String name) {
        long v = whole(p, name);
        if (v != (int) v) {
            throw new IllegalArgumentException(name + " is out of range, was " + v);
        }
        return (int) v;
    }

    static double number(Properties p, String name) {
        String value = p.getProperty(name);
        try {
            double d = Double.parseDouble(value.strip());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }

    /** A setting given in (possibly fractional) seconds. */
    static Duration seconds(Properties p, String name) {
        return Duration.ofMillis(Math.round(number(p, name) * 1000));
    }
}
