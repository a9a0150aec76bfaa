package camcloud.cloud.claim;

import java.util.Optional;

/**
 * The name a person gives their camera ("Front door"): shown in lists, so it is trimmed, 1 to
 * {@value #MAX} characters, and free of control characters that would garble a page or a log.
 */
public final class CameraName {

    public static final int MAX = 64;

    private CameraName() {
    }

    /** The name as stored: {@code typed} without surrounding blanks. */
    public static String clean(String typed) {
        return typed.strip();
    }

    /** Why {@code name} (already {@link #clean cleaned}) cannot be a camera name, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (name.isEmpty()) {
            return Optional.of("name must not be empty");
        }
        if (name.codePointCount(0, name.length()) > MAX) {
            return Optional.of("name must be at most " + MAX + " characters");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            return Optional.of("name must not contain control characters");
        }
        return Optional.empty();
    }
}
