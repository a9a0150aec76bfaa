package camcloud.device.uplink;

import camcloud.device.video.SceneSettings;
import camcloud.device.video.SyntheticVideoSource;
import camcloud.device.video.VideoFormat;
import java.io.ByteArrayOutputStream;

/**
 * Access units for uplink tests: a real SPS/PPS (from a tiny synthetic scene, so the format probe
 * parses it) in front of keyframes, and filler slices of exactly the requested size, each stamped
 * with its index so a test can tell units apart on the wire.
 */
final class TestUnits {

    static final VideoFormat FORMAT = tinyFormat();

    private TestUnits() {
    }

    private static VideoFormat tinyFormat() {
        try (SyntheticVideoSource source = new SyntheticVideoSource(new SceneSettings(64, 64, 10, 100, 10, 1), 1)) {
            return source.format();
        }
    }

    /** An access unit of exactly {@code size} bytes (at least 64 for keyframes), carrying {@code index}. */
    static byte[] unit(int index, boolean keyframe, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        if (keyframe) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(FORMAT.sps());
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(FORMAT.pps());
        }
        out.writeBytes(new byte[] {0, 0, 0, 1, (byte) (keyframe ? 0x65 : 0x41)});
        out.writeBytes(new byte[] {(byte) (index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index});
        int filler = size - out.size();
        if (filler < 0) {
            throw new IllegalArgumentException("unit of " + size + " bytes is too small for its headers");
        }
        for (int i = 0; i < filler; i++) {
            out.write(0x5A);
        }
        return out.toByteArray();
    }

    /** The index {@link #unit} stamped into an access unit; -1 for a unit it did not make. */
    static int indexOf(byte[] unit) {
        int start = firstSliceStartCode(unit);
        if (start < 0 || start + 8 > unit.length) {
            return -1;
        }
        int slice = start + 4;
        return ((unit[slice] & 0xff) << 24) | ((unit[slice + 1] & 0xff) << 16) | ((unit[slice + 2] & 0xff) << 8)
                | (unit[slice + 3] & 0xff);
    }

    private static int firstSliceStartCode(byte[] unit) {
        for (int i = 0; i + 3 < unit.length; i++) {
            if (unit[i] == 0 && unit[i + 1] == 0 && unit[i + 2] == 1 && (unit[i + 3] == 0x65 || unit[i + 3] == 0x41)) {
                return i;
            }
        }
        return -1;
    }
}
