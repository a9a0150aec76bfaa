package camcloud.firmware.image;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A bad build on purpose, for tests and demos of firmware rollouts: a stand-in kernel+rootfs whose
 * header carries one more line, {@code fault=<name>}, that the virtual camera honours. Only stand-ins
 * carry it (a real kernel is what it is); a bundle with a fault is signed, verifies and installs like
 * any other — it is bad only once it runs, which is what a rollout must catch.
 *
 * <pre>
 * camcloud stand-in kernel+rootfs
 * model=hi3518ev200-8m
 * version=1.2.0
 * fault=no-video
 * </pre>
 */
public enum StandInFault {
    /** A good build. */
    NONE(""),
    /** The kernel panics as it starts: the camera never comes back. */
    PANIC("panic"),
    /** The camera boots and connects, but its video application sends no video. */
    NO_VIDEO("no-video");

    private final String text;

    StandInFault(String text) {
        this.text = text;
    }

    /** The name in the header and on the command line ({@code panic}, {@code no-video}). */
    public String text() {
        return text;
    }

    /** The header line ({@code fault=panic\n}), empty for a good build. */
    public String headerLine() {
        return this == NONE ? "" : "fault=" + text + "\n";
    }

    /** The fault named {@code text}, or empty when there is none of that name. */
    public static Optional<StandInFault> ofText(String text) {
        return Arrays.stream(values()).filter(f -> f != NONE && f.text.equals(text)).findFirst();
    }

    /**
     * The fault named {@code text}.
     *
     * @throws IllegalArgumentException naming the known faults
     */
    public static StandInFault parse(String text) {
        return ofText(text).orElseThrow(() -> new IllegalArgumentException("unknown stand-in fault '" + text
                + "'; known: " + Arrays.stream(values()).filter(f -> f != NONE).map(StandInFault::text)
                .collect(Collectors.joining(", "))));
    }
}
