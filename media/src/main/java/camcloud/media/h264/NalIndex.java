package camcloud.media.h264;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the NAL units of one Annex B access unit lie in its buffer, found in one pass without copying:
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
        if (annexB.readableBytes() == 0) {
            return failed("empty payload");
        }
        Scanner s = new Scanner();
        annexB.forEachByte(s);
        if (s.error != null) {
            return failed(s.error);
        }
        s.closeUnit();
        if (!s.sawStart) {
            return failed("no Annex B start code (00 00 01)");
        }
        if (s.count == 0) {
            return failed("no NAL unit after the start code");
        }
        if (!s.vcl) {
            return failed(s.count + " NAL units but no slice");
        }
        return new NalIndex(s.units, s.count, s.idr, null);
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

    /** The one pass: a byte at a time, as {@link ByteBuf#forEachByte} hands them. */
    private static final class Scanner implements ByteProcessor {
        int[] units = new int[12];
        int count;
        boolean vcl;
        boolean idr;
        boolean sawStart;
        String error;
        private int zeros;
        private boolean expectHeader;
        private int offset;
        /** Start of the open unit, or -1. */
        private int unitStart = -1;
        private int unitType;
        /** One past the last non-zero byte seen. */
        private int lastNonZeroEnd;

        @Override
        public boolean process(byte b) {
            int at = offset++;
            if (b == 0) {
                zeros++;
                return true;
            }
            if (b == 1 && zeros >= 2) {
                closeUnit();
                sawStart = true;
                expectHeader = true;
                zeros = 0;
                return true;
            }
            zeros = 0;
            if (!sawStart) {
                error = "garbage before the first start code at offset " + at;
                return false;
            }
            lastNonZeroEnd = at + 1;
            if (expectHeader) {
                expectHeader = false;
                if ((b & 0x80) != 0) {
                    error = String.format("NAL unit header 0x%02x at offset %d has forbidden_zero_bit set",
                            b & 0xff, at);
                    return false;
                }
                unitStart = at;
                unitType = b & 0x1f;
                vcl |= NalUnitType.isVcl(unitType);
                idr |= unitType == NalUnitType.IDR_SLICE;
            }
            return true;
        }

        void closeUnit() {
            if (unitStart < 0) {
                return;
            }
            if (count * 3 == units.length) {
                units = java.util.Arrays.copyOf(units, units.length * 2);
            }
            units[count * 3] = unitStart;
            units[count * 3 + 1] = lastNonZeroEnd - unitStart;
            units[count * 3 + 2] = unitType;
            count++;
            unitStart = -1;
        }
    }
}
