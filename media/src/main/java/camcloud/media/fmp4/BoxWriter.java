package camcloud.media.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes ISO BMFF boxes (ISO/IEC 14496-12 4.2) into a growing byte array. Boxes nest: {@link
 * #start} opens one, {@link #end} closes the innermost and patches its 32-bit size, so box code
 * reads like the syntax tables of the spec.
 *
 * <pre>{@code
 * BoxWriter w = new BoxWriter();
 * w.start("moof"); w.startFull("mfhd", 0, 0); w.u32(sequence); w.end(); w.end();
 * byte[] bytes = w.toByteArray();
 * }</pre>
 */
public final class BoxWriter {

    private static final int MAX_DEPTH = 16;

    private byte[] buffer;
    private int size;
    private final int[] open = new int[MAX_DEPTH];
    private int depth;

    public BoxWriter() {
        this(1024);
    }

    public BoxWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** Opens a box of {@code type} (four ASCII characters). */
    public BoxWriter start(String type) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("boxes nested deeper than " + MAX_DEPTH);
        }
        open[depth++] = size;
        u32(0);
        fourcc(type);
        return this;
    }

    /** Opens a FullBox: header, then version and 24-bit flags. */
    public BoxWriter startFull(String type, int version, int flags) {
        start(type);
        u8(version);
        u24(flags);
        return this;
    }

    /** Closes the innermost open box, writing its size. */
    public BoxWriter end() {
        if (depth == 0) {
            throw new IllegalStateException("end() without an open box");
        }
        int at = open[--depth];
        int boxSize = size - at;
        buffer[at] = (byte) (boxSize >>> 24);
        buffer[at + 1] = (byte) (boxSize >>> 16);
        buffer[at + 2] = (byte) (boxSize >>> 8);
        buffer[at + 3] = (byte) boxSize;
        return this;
    }

    public BoxWriter u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public BoxWriter u16(int value) {
        return u8(value >>> 8).u8(value);
    }

    public BoxWriter u24(int value) {
        return u8(value >>> 16).u16(value);
    }

    public BoxWriter u32(long value) {
        return u16((int) (value >>> 16)).u16((int) value);
    }

    public BoxWriter u64(long value) {
        return u32(value >>> 32).u32(value & 0xffffffffL);
    }

    public BoxWriter fourcc(String type) {
        byte[] ascii = type.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length != 4) {
            throw new IllegalArgumentException("box type must be 4 characters: '" + type + "'");
        }
        return bytes(ascii);
    }

    public BoxWriter bytes(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, buffer, size, data.length);
        size += data.length;
        return this;
    }

    public BoxWriter zeros(int count) {
        ensure(count);
        size += count; // the buffer is zero-filled beyond size
        return this;
    }

    /** The identity matrix of mvhd and tkhd (14496-12 8.2.2.3). */
    public BoxWriter unityMatrix() {
        return u32(0x00010000).u32(0).u32(0).u32(0).u32(0x00010000).u32(0).u32(0).u32(0).u32(0x40000000);
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** The written bytes; every box must be closed. */
    public byte[] toByteArray() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " box(es) still open");
        }
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
