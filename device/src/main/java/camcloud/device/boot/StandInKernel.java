package camcloud.device.boot;

import camcloud.firmware.image.StandIn;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What happens after "Starting kernel ...": a virtual camera cannot run a real kernel, so it runs
 * the deterministic stand-in kernel+rootfs the firmware build makes. The stand-in starts only if
 * every one of its bytes is what the build made — a kernel that {@code verify=n} let through with
 * a corrupted body panics here, as a real one would somewhere in its boot.
 */
final class StandInKernel {

    static final String HEADER_START = "camcloud stand-in kernel+rootfs\n";

    /** A started kernel: its model and version, from its rootfs. */
    record Identity(String model, String version) {
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
        return Optional.of(new Identity(model, version));
    }

    /**
     * The stand-in's bytes as the build made them. Kept for the last few kernels: power-cut runs
     * boot the same two kernels thousands of times.
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

    private static final java.util.Map<String, byte[]> EXPECTED = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, byte[]> eldest) {
            return size() > 4;
        }
    };

    /** End of the three header lines, or -1. */
    private static int headerEnd(byte[] data) {
        byte[] start = HEADER_START.getBytes(StandardCharsets.US_ASCII);
        if (data.length < start.length || !Arrays.equals(Arrays.copyOf(data, start.length), start)) {
            return -1;
        }
        int lines = 0;
        for (int i = 0; i < Math.min(data.length, 512); i++) {
            if (data[i] == '\n' && ++lines == 3) {
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
