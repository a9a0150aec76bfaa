package camcloud.firmware.bundle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A firmware version as people write it ({@code 1.4.2}, optionally {@code 1.4.2-rc1}) and the
 * monotonic number cameras compare to refuse downgrades: {@code major·10⁶ + minor·10³ + patch}.
 * Two builds with the same number are the same version to a camera, so a suffix does not change it.
 */
public record FirmwareVersion(String text, long number) implements Comparable<FirmwareVersion> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(-[A-Za-z0-9.]{1,12})?");

    /**
     * Parses {@code major.minor.patch[-suffix]}, each number 0–999.
     *
     * @throws BundleException saying what a version must look like
     */
    public static FirmwareVersion parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            throw new BundleException("version '" + text + "' must look like 1.4.2 or 1.4.2-rc1 "
                    + "(three numbers 0-999, optional suffix of up to 12 letters, digits or dots)");
        }
        long number = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) * 1_000
                + Long.parseLong(m.group(3));
        return new FirmwareVersion(text, number);
    }

    /**
     * The version a number stands for, as {@code major.minor.patch} (manifests and offers carry
     * numbers, such as a bundle's minimum version; people read text).
     *
     * @throws BundleException for a number no version has
     */
    public static FirmwareVersion ofNumber(long number) {
        if (number < 0 || number > 999_999_999) {
            throw new BundleException("version number " + number + " is not major·10⁶ + minor·10³ + patch");
        }
        return new FirmwareVersion(number / 1_000_000 + "." + number / 1_000 % 1_000 + "." + number % 1_000, number);
    }

    @Override
    public int compareTo(FirmwareVersion o) {
        return Long.compare(number, o.number);
    }

    @Override
    public String toString() {
        return text;
    }
}
