package camcloud.media.h264;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Annex B byte-stream framing (H.264 Annex B): NAL units separated by 3-byte {@code 00 00 01} or
 * 4-byte {@code 00 00 00 01} start codes. This is what cameras and raw {@code .h264} files carry
 * and what {@code VideoFrame}s hold.
 */
public final class AnnexB {

    private static final byte[] START_CODE = {0, 0, 0, 1};

    private AnnexB() {
    }

    /**
     * Splits a byte stream into NAL units. Leading zero bytes, trailing_zero_8bits and empty units
     * between adjacent start codes are skipped.
     *
     * @throws MalformedH264Exception when the stream does not begin with a start code, holds no NAL
     *                                unit, or a unit has a bad header
     */
    public static List<NalUnit> split(byte[] stream) throws MalformedH264Exception {
        int first = findStartCode(stream, 0);
        if (first < 0) {
            throw new MalformedH264Exception("no Annex B start code (00 00 01) in " + stream.length + " bytes");
        }
        for (int i = 0; i < first; i++) {
            if (stream[i] != 0) {
                throw new MalformedH264Exception("garbage before the first start code at offset " + i);
            }
        }
        List<NalUnit> units = new ArrayList<>();
        int start = first + 3;
        while (start <= stream.length) {
            int next = findStartCode(stream, start);
            int end = next < 0 ? stream.length : next;
            int trimmed = end;
            while (trimmed > start && stream[trimmed - 1] == 0) {
                trimmed--;
            }
            if (trimmed > start) {
                units.add(NalUnit.copyOf(stream, start, trimmed - start));
            }
            if (next < 0) {
                break;
            }
            start = next + 3;
        }
        if (units.isEmpty()) {
            throw new MalformedH264Exception("Annex B stream of " + stream.length + " bytes holds no NAL unit");
        }
        return units;
    }

    /** Joins units with 4-byte start codes, the form decoders and {@code VideoFrame} expect. */
    public static byte[] join(List<NalUnit> units) {
        int size = 0;
        for (NalUnit unit : units) {
            size += START_CODE.length + unit.size();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        for (NalUnit unit : units) {
            out.writeBytes(START_CODE);
            out.writeBytes(unit.bytes());
        }
        return out.toByteArray();
    }

    /** Index of the next {@code 00 00 01} at or after {@code from}, or -1. */
    static int findStartCode(byte[] data, int from) {
        for (int i = from; i + 2 < data.length; i++) {
            if ((data[i + 2] & 0xff) > 1) {
                i += 2; // neither of the next two positions can start 00 00 01 ending here
                continue;
            }
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                return i;
            }
        }
        return -1;
    }
}
