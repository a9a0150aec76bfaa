package camcloud.media.h264;

import java.util.Arrays;

/**
 * One H.264 NAL unit without its start code or length prefix: the header byte followed by the
 * escaped payload (emulation-prevention bytes still in place), exactly as it travels in Annex B or
 * AVCC framing. The unit owns its array; nobody mutates it after construction.
 */
public final class NalUnit {

    private final byte[] bytes;

    private NalUnit(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Wraps {@code bytes} (not copied) after checking the header byte.
     *
     * @throws MalformedH264Exception when the unit is empty or its forbidden_zero_bit is set
     */
    public static NalUnit of(byte[] bytes) throws MalformedH264Exception {
        if (bytes.length == 0) {
            throw new MalformedH264Exception("empty NAL unit");
        }
        if ((bytes[0] & 0x80) != 0) {
            throw new MalformedH264Exception(String.format(
                    "NAL unit header 0x%02x has forbidden_zero_bit set: not H.264", bytes[0] & 0xff));
        }
        return new NalUnit(bytes);
    }

    /** Copies {@code length} bytes of {@code source} from {@code offset} into a new unit. */
    public static NalUnit copyOf(byte[] source, int offset, int length) throws MalformedH264Exception {
        return of(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** nal_unit_type, 0..31; see {@link NalUnitType}. */
    public int type() {
        return bytes[0] & 0x1f;
    }

    /** nal_ref_idc, 0..3: zero for units no other picture refers to. */
    public int refIdc() {
        return (bytes[0] >> 5) & 0x3;
    }

    public boolean isVcl() {
        return NalUnitType.isVcl(type());
    }

    public int size() {
        return bytes.length;
    }

    /** The unit's bytes; shared, not copied — do not modify. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NalUnit other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "NalUnit[type=" + type() + ", size=" + bytes.length + "]";
    }
}
