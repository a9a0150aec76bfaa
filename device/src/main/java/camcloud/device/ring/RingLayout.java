package camcloud.device.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Where every field of the frame ring sits in its memory-mapped file, so a writer and a reader in
 * two processes agree on it. The file is machine-local shared memory, so numbers are in the
 * machine's native byte order.
 *
 * <pre>
 * file header (256 bytes)
 *   0  int  magic "CCRG"          written last by the writer, so a reader never attaches to a half-made ring
 *   4  int  version (1)
 *   8  int  slot count             power of two: how many frames the index remembers
 *  12  int  max frame bytes        data capacity / 4
 *  16  long data capacity          bytes of payload area
 *  64  long published              next sequence to publish (= frames published), own cache line
 * 128  long tail                   oldest sequence whose slot and payload are still intact, own cache line
 * 192  int  writer closed          1 once the writer has closed the ring
 * slots (slot count x 64 bytes), slot of sequence s at index s &amp; (slot count - 1)
 *   0  long sequence   8  long payload position (absolute, grows forever)   16 int length
 *  20  int  flags     24  long capture micros   32  long wall-clock millis
 * data (data capacity bytes): payloads, each contiguous; a payload that would wrap starts at 0 instead
 * </pre>
 *
 * <p>Why one {@code tail} and not only per-slot sequences: the writer moves {@code tail} past every
 * frame it is about to overwrite <em>before</em> it writes a byte, so a reader that read a slot or a
 * payload and then still sees {@code tail <= sequence} knows what it read was intact (a seqlock whose
 * sequence is the ring's tail).
 */
final class RingLayout {

    static final int MAGIC = 0x43435247; // "CCRG"
    static final int VERSION = 1;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int SLOT_COUNT_OFFSET = 8;
    static final int MAX_FRAME_OFFSET = 12;
    static final int CAPACITY_OFFSET = 16;
    static final int PUBLISHED_OFFSET = 64;
    static final int TAIL_OFFSET = 128;
    static final int CLOSED_OFFSET = 192;
    static final int HEADER_BYTES = 256;

    static final int SLOT_BYTES = 64;
    static final int SLOT_SEQUENCE = 0;
    static final int SLOT_POSITION = 8;
    static final int SLOT_LENGTH = 16;
    static final int SLOT_FLAGS = 20;
    static final int SLOT_CAPTURE_MICROS = 24;
    static final int SLOT_WALL_MILLIS = 32;

    static final int FLAG_KEYFRAME = 1;

    /** Smallest payload area: smaller rings hold too few frames to be useful. */
    static final int MIN_CAPACITY = 4096;
    /** Largest payload area: the mapping is indexed by int. */
    static final int MAX_CAPACITY = 1 << 30;
    static final int MAX_SLOTS = 1 << 20;

    /** Acquire/release/volatile access to the long fields of the mapping. */
    static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    /** Acquire/release/volatile access to the int fields of the mapping. */
    static final VarHandle INTS = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    final int slotCount;
    final int dataCapacity;
    final int maxFrameBytes;
    final int dataOffset;
    final int fileBytes;

    private RingLayout(int slotCount, int dataCapacity) {
        this.slotCount = slotCount;
        this.dataCapacity = dataCapacity;
        this.maxFrameBytes = dataCapacity / 4;
        this.dataOffset = HEADER_BYTES + slotCount * SLOT_BYTES;
        this.fileBytes = dataOffset + dataCapacity;
    }

    /** The layout for a new ring; fails naming the bad setting. */
    static RingLayout of(int slotCount, int dataCapacity) {
        if (slotCount < 2 || slotCount > MAX_SLOTS || Integer.bitCount(slotCount) != 1) {
            throw new IllegalArgumentException("ring slotCount must be a power of two in [2, " + MAX_SLOTS
                    + "], was " + slotCount);
        }
        if (dataCapacity < MIN_CAPACITY || dataCapacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("ring capacityBytes must be in [" + MIN_CAPACITY + ", "
                    + MAX_CAPACITY + "], was " + dataCapacity);
        }
        if ((dataCapacity & 7) != 0) {
            throw new IllegalArgumentException("ring capacityBytes must be a multiple of 8, was " + dataCapacity);
        }
        return new RingLayout(slotCount, dataCapacity);
    }

    /** Writes the geometry into a fresh mapping; the magic is published last, with release. */
    void writeHeader(ByteBuffer map) {
        map.putInt(VERSION_OFFSET, VERSION);
        map.putInt(SLOT_COUNT_OFFSET, slotCount);
        map.putInt(MAX_FRAME_OFFSET, maxFrameBytes);
        map.putLong(CAPACITY_OFFSET, dataCapacity);
        LONGS.setRelease(map, PUBLISHED_OFFSET, 0L);
        LONGS.setRelease(map, TAIL_OFFSET, 0L);
        INTS.setRelease(map, CLOSED_OFFSET, 0);
        INTS.setRelease(map, MAGIC_OFFSET, MAGIC);
    }

    /** Reads the geometry a writer left in a mapping, or fails saying why the file is not a ring. */
    static RingLayout readHeader(ByteBuffer map, Object source) {
        if (map.capacity() < HEADER_BYTES) {
            throw new IllegalStateException(source + " is not a frame ring: " + map.capacity()
                    + " bytes is shorter than the " + HEADER_BYTES + "-byte header");
        }
        int magic = (int) INTS.getAcquire(map, MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new IllegalStateException(source + " is not a frame ring (or its writer has not finished"
                    + " creating it): magic 0x" + Integer.toHexString(magic));
        }
        int version = map.getInt(VERSION_OFFSET);
        if (version != VERSION) {
            throw new IllegalStateException(source + " is a frame ring of version " + version
                    + "; this reader understands version " + VERSION);
        }
        long capacity = map.getLong(CAPACITY_OFFSET);
        if (capacity > MAX_CAPACITY) {
            throw new IllegalStateException(source + " claims a capacity of " + capacity + " bytes");
        }
        RingLayout layout = of(map.getInt(SLOT_COUNT_OFFSET), (int) capacity);
        if (map.capacity() < layout.fileBytes) {
            throw new IllegalStateException(source + " is " + map.capacity() + " bytes, its header needs "
                    + layout.fileBytes);
        }
        return layout;
    }

    int slotOffset(long sequence) {
        return HEADER_BYTES + (int) (sequence & (slotCount - 1)) * SLOT_BYTES;
    }

    int dataIndex(long position) {
        return (int) (position % dataCapacity);
    }
}
