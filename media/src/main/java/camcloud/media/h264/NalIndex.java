package camcloud.media.h264;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the NAL units of one Annex B access unit lie in its buffer, found in one pass without copying (skipping most bytes, as start codes can only end on a 1):
 * what every later stage (recorder, live, snapshots) needs instead of parsing the frame again.
 *
 * <p>Rules (a camera's bytes are untrusted; a bad unit is data, {@link #error()}, never an exception):
 * the payload starts with a start code (after optional zero bytes), holds at least one NAL unit and
 * one slice, and no NAL header has its forbidden bit set. A unit is its header byte (the first non-zero
 * byte after a start code) up to its last non-zero byte before the next start code: empty units and
 * trailing zero bytes are left out, exactly as {@link AnnexB#split} does. {@link #keyframe()} tells
 * whether the unit holds an IDR slice, whatever the camera claimed. Slice data is not decoded.
 *
 * <pre>{@code
 * NalIndex index = NalIndex.scan(payload);      // payload not moved, not released
 * if (index.error() != null) reject(index.error());
 * for (int i = 0; i < index.count(); i++) payload.slice(payload.readerIndex() + index.offset(i), index.length(i));
 * }</pre>
 * Offsets count from the buffer's reader index at the scan. Immutable.
 */
public final class NalIndex {

    /** offset, length and type of each unit, three ints per unit. */
    private final int[] units;
    private final int count;
    private final boolean keyframe;
    private final String error;

    private NalIndex(int[] units, int count, boolean keyframe, String error) {
        this.units = units;
        this.count = count;
        this.keyframe = keyframe;
        this.error = error;
    }

    /** Scans the readable bytes of {@code annexB} in place. */
    public static NalIndex scan(ByteBuf annexB) {
        int n = annexB.readableBytes();
        if (n == 0) {
            return failed("empty payload");
        }
        // One view of the bytes where they lie (a connection's buffer is one piece); a buffer of
        // several pieces (rare: a relayed unit) is joined first, since start codes may straddle them.
        ByteBuffer bytes = annexB.nioBufferCount() == 1 ? annexB.nioBuffer(annexB.readerIndex(), n)
                : ByteBuffer.wrap(ByteBufUtil.getBytes(annexB));
        int zeros = 0;
        while (zeros < n && bytes.get(zeros) == 0) {
            zeros++;
        }
        if (zeros == n) {
            return failed("no Annex B start code (00 00 01)");
        }
        if (bytes.get(zeros) != 1 || zeros < 2) {
            return failed("garbage before the first start code at offset " + zeros);
        }
        Units units = new Units();
        int startCodeEnd = zeros; // index of the 01 that ends the start code
        while (true) {
            int header = startCodeEnd + 1;
            while (header < n && bytes.get(header) == 0) {
                header++;
            }
            if (header == n) {
                break; // trailing zeros: no unit after the last start code
            }
            byte b = bytes.get(header);
            if (b == 1 && header - startCodeEnd - 1 >= 2) {
                startCodeEnd = header; // an empty unit: another start code right away
                continue;
            }
            if ((b & 0x80) != 0) {
                return failed(String.format("NAL unit header 0x%02x at offset %d has forbidden_zero_bit set",
                        b & 0xff, header));
            }
            int next = nextStartCode(bytes, header + 1, n);
            int end = next < 0 ? n : next - 2;
            while (end > header + 1 && bytes.get(end - 1) == 0) {
                end--; // trailing zeros belong to no unit (they may be the next start code's extra zeros)
            }
            units.add(header, end - header, b & 0x1f);
            if (next < 0) {
                break;
            }
            startCodeEnd = next;
        }
        if (units.count == 0) {
            return failed("no NAL unit after the start code");
        }
        if (!units.vcl) {
            return failed(units.count + " NAL units but no slice");
        }
        return new NalIndex(units.entries, units.count, units.idr, null);
    }

    /**
     * The index of the {@code 01} of the first start code ({@code 00 00 01}) whose zeros lie at or after
     * {@code from}, or -1. Looks at about one byte in three: a byte above 1 cannot end a start code, nor
     * can the two after it (their zeros would include it), so the search jumps three ahead.
     */
    private static int nextStartCode(ByteBuffer bytes, int from, int n) {
        int i = from + 2;
        while (i < n) {
            int b = bytes.get(i) & 0xff;
            if (b > 1) {
                i += 3;
            } else if (b == 0) {
                i++;
            } else if (bytes.get(i - 1) == 0 && bytes.get(i - 2) == 0) {
                return i;
            } else {
                i += 3;
            }
        }
        return -1;
    }

    private static NalIndex failed(String error) {
        return new NalIndex(new int[0], 0, false, error);
    }

    /** Why the unit is not usable H.264, or null for a good one. */
    public String error() {
        return error;
    }

    /** The unit holds an IDR slice: a decoder can start here. */
    public boolean keyframe() {
        return keyframe;
    }

    /** NAL units found. */
    public int count() {
        return count;
    }

    /** Where unit {@code i}'s header byte is, from the reader index at the scan. */
    public int offset(int i) {
        return units[check(i) * 3];
    }

    /** Bytes of unit {@code i}, header included, trailing zeros not. */
    public int length(int i) {
        return units[check(i) * 3 + 1];
    }

    /** nal_unit_type of unit {@code i}; see {@link NalUnitType}. */
    public int type(int i) {
        return units[check(i) * 3 + 2];
    }

    /** Bytes of the unit as an MP4 sample: each NAL unit with a 4-byte length prefix. */
    public int avccSize() {
        int size = 0;
        for (int i = 0; i < count; i++) {
            size += Avcc.LENGTH_SIZE + units[i * 3 + 1];
        }
        return size;
    }

    /**
     * Copies of the units of {@code type} (e.g. {@link NalUnitType#SPS}) in {@code annexB}, the buffer
     * this index was made from: parameter sets are a few dozen bytes, the slices are never copied.
     */
    public List<NalUnit> copies(ByteBuf annexB, int type) throws MalformedH264Exception {
        List<NalUnit> out = new ArrayList<>(2);
        for (int i = 0; i < count; i++) {
            if (units[i * 3 + 2] == type) {
                byte[] bytes = new byte[units[i * 3 + 1]];
                annexB.getBytes(annexB.readerIndex() + units[i * 3], bytes);
                out.add(NalUnit.of(bytes));
            }
        }
        return out;
    }

    private int check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("NAL unit " + i + " of " + count);
        }
        return i;
    }

    /** The units found so far: offset, length and type, three ints each. */
    private static final class Units {
        int[] entries = new int[12];
        int count;
        boolean vcl;
        boolean idr;

        void add(int offset, int length, int type) {
            if (count * 3 == entries.length) {
                entries = java.util.Arrays.copyOf(entries, entries.length * 2);
            }
            entries[count * 3] = offset;
            entries[count * 3 + 1] = length;
            entries[count * 3 + 2] = type;
            count++;
            vcl |= NalUnitType.isVcl(type);
            idr |= type == NalUnitType.IDR_SLICE;
        }
    }
}
