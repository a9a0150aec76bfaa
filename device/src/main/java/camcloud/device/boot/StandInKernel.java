package camcloud.device.boot;

import camcloud.firmware.image.StandIn;
import camcloud.firmware.image.StandInFault;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What happens after "Starting kernel ...": a virtual camera cannot run a real kernel, so it runs
 * the deterministic stand-in kernel+rootfs the firmware build makes. The stand-in starts only if
 * every one of its bytes is what the build made — a kernel that {@code verify=n} let through with
 * a corrupted body panics here, as a real one would somewhere in its boot.
 *
 * <p>A stand-in built with a {@link StandInFault} (a bad build on purpose, for rollout tests and
 * demos) carries a fourth header line {@code fault=…}: {@code panic} panics here although every byte
 * is intact (the camera never comes back); {@code no-video} starts, and the system software leaves
 * the video application off.
 */
final class StandInKernel {

    static final String HEADER_START = "camcloud stand-in kernel+rootfs\n";

    /** A started kernel: its model and version, from its rootfs, and the fault its build injected. */
    record Identity(String model, String version, StandInFault fault) {
    }

    private StandInKernel() {
    }

    /**
     * @return the kernel's identity, or empty with {@code why} filled in when it panics
     */
    static Optional<Identity> start(byte[] data, StringBuilder why) {
        int headerEnd = headerEnd(data);
        if (headerEnd < 0) {
            why.append("not a camcloud kernel+rootfs (a virtual camera runs only stand-in kernels)");
            return Optional.empty();
        }
        String header = new String(data, 0, headerEnd, StandardCharsets.UTF_8);
        String model = field(header, "model");
        String version = field(header, "version");
        if (model == null || version == null) {
            why.append("rootfs header names no model or version");
            return Optional.empty();
        }
        if (!Arrays.equals(expected(header, data.length), data)) {
            why.append("Unable to mount root fs: initramfs is corrupt");
            return Optional.empty();
        }
        String faultText = field(header, "fault");
        StandInFault fault = faultText == null ? StandInFault.NONE : StandInFault.ofText(faultText).orElse(null);
        if (fault == null) {
            why.append("rootfs header names an unknown fault '").append(faultText).append("'");
            return Optional.empty();
        }
        if (fault == StandInFault.PANIC) {
            why.append("stand-in build with fault=panic (a bad build injected for tests): the kernel panics as it "
                    + "starts");
            return Optional.empty();
        }
        return Optional.of(new Identity(model, version, fault));
    }

    /**
     * The stand-in's bytes as the build made them. Kept for the last {@value #KEPT_KERNELS} kernels:
     * power-cut runs boot the same two kernels thousands of times, and a fleet boots every built-in
     * model in turn (fewer kept than models made every boot build its kernel again).
     */
    private static byte[] expected(String header, int size) {
        String key = size + "\n" + header;
        synchronized (EXPECTED) {
            byte[] bytes = EXPECTED.get(key);
            if (bytes == null) {
                bytes = StandIn.bytes(header, size);
                EXPECTED.put(key, bytes);
            }
            return bytes;
        }
    }

    private static final int KEPT_KERNELS = 16;

    private static final java.util.Map<String, byte[]> EXPECTED = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, byte[]> eldest) {
            return size() > KEPT_KERNELS;
        }
    };

    /** End of the three header lines (four when the fourth is {@code fault=…}), or -1. */
    private static int headerEnd(byte[] data) {
        byte[] start = HEADER_START.getBytes(StandardCharsets.US_ASCII);
        if (data.length < start.length || !Arrays.equals(Arrays.copyOf(data, start.length), start)) {
            return -1;
        }
        int lines = 0;
        for (int i = 0; i < Math.min(data.length, 512); i++) {
            if (data[i] == '\n' && ++lines == 3) {
                int fourth = lineEnd(data, i + 1);
                return startsWith(data, i + 1, FAULT) && fourth > 0 ? fourth : i + 1;
            }
        }
        return -1;
    }

    private static final byte[] FAULT = "fault=".getBytes(StandardCharsets.US_ASCII);

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        return data.length >= at + prefix.length
                && Arrays.equals(Arrays.copyOfRange(data, at, at + prefix.length), prefix);
    }

    /** The index after the newline ending the line at {@code from} (within 64 bytes), or -1. */
    private static int lineEnd(byte[] data, int from) {
        for (int i = from; i < Math.min(data.length, from + 64); i++) {
            if (data[i] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static String field(String header, String name) {
        for (String line : header.split("\n")) {
            if (line.startsWith(name + "=")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }
}
