package camcloud.device.ring;

import camcloud.device.video.VideoFrame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static camcloud.device.ring.RingLayout.CLOSED_OFFSET;
import static camcloud.device.ring.RingLayout.FLAG_KEYFRAME;
import static camcloud.device.ring.RingLayout.INTS;
import static camcloud.device.ring.RingLayout.LONGS;
import static camcloud.device.ring.RingLayout.PUBLISHED_OFFSET;
import static camcloud.device.ring.RingLayout.SLOT_CAPTURE_MICROS;
import static camcloud.device.ring.RingLayout.SLOT_FLAGS;
import static camcloud.device.ring.RingLayout.SLOT_LENGTH;
import static camcloud.device.ring.RingLayout.SLOT_POSITION;
import static camcloud.device.ring.RingLayout.SLOT_SEQUENCE;
import static camcloud.device.ring.RingLayout.SLOT_WALL_MILLIS;
import static camcloud.device.ring.RingLayout.TAIL_OFFSET;

/**
 * The video application's end of the frame ring: appends access units to a memory-mapped file that
 * readers in other processes ({@link RingReader}) map too. There is exactly one writer per ring, and
 * it never waits for a reader: when the ring is full the oldest frames are overwritten, and readers
 * that had not read them count them as lost.
 *
 * <p>How one append publishes a frame (the order is what makes readers safe):
 * <ol>
 *   <li>place the payload contiguously after the previous one (or at the start of the data area if
 *       it would wrap);</li>
 *   <li>move {@code tail} past every frame whose payload or index slot is about to be overwritten,
 *       then a store-store fence, so a reader sees the new tail before it can see any overwritten
 *       byte;</li>
 *   <li>copy the payload and fill the slot;</li>
 *   <li>store the slot's sequence and then {@code published}, both with release semantics, so a reader
 *       that sees them sees the whole frame.</li>
 * </ol>
 *
 * <pre>{@code
 * try (RingWriter ring = RingWriter.create(Path.of("/dev/shm/camcloud-cam1.ring"), 1024, 8 << 20)) {
 *     while (running) ring.append(source.next());   // never blocks
 * }
 * }</pre>
 *
 * Not thread-safe: one thread appends.
 */
public final class RingWriter implements AutoCloseable {

    private final Path file;
    private final RingLayout layout;
    private final MappedByteBuffer map;
    private long nextSequence;
    private long tail;
    /** Absolute position where the next payload may start; grows forever. */
    private long head;
    private boolean closed;

    private RingWriter(Path file, RingLayout layout, MappedByteBuffer map) {
        this.file = file;
        this.layout = layout;
        this.map = map;
    }

    /**
     * Creates (or re-creates) the ring file and maps it. An existing file is deleted first, so a reader
     * still attached to an old ring keeps its old mapping and sees that ring closed, never a mix.
     *
     * @param file          e.g. {@code /dev/shm/camcloud-<camera>.ring}
     * @param slotCount     frames the index can hold, a power of two (e.g. 1024)
     * @param capacityBytes payload area in bytes, a multiple of 8; a frame may be at most a quarter of it
     */
    public static RingWriter create(Path file, int slotCount, int capacityBytes) throws IOException {
        RingLayout layout = RingLayout.of(slotCount, capacityBytes);
        Files.deleteIfExists(file);
        MappedByteBuffer map;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(1), layout.fileBytes - 1L);
            map = channel.map(FileChannel.MapMode.READ_WRITE, 0, layout.fileBytes);
        }
        map.order(ByteOrder.nativeOrder());
        layout.writeHeader(map);
        return new RingWriter(file, layout, map);
    }

    /** Appends one access unit of the video application; see {@link #append(ByteBuffer, boolean, long, long)}. */
    public long append(VideoFrame frame) {
        return append(ByteBuffer.wrap(frame.annexB()), frame.keyframe(), frame.captureMicros(),
                frame.wallClockMillis());
    }

    /**
     * Copies the remaining bytes of {@code payload} into the ring and publishes them as the next frame.
     * Never blocks. The payload's position is not changed.
     *
     * @return the frame's sequence number (0, 1, 2, ...)
     * @throws IllegalArgumentException if the payload is larger than {@link #maxFrameBytes()}
     */
    public long append(ByteBuffer payload, boolean keyframe, long captureMicros, long wallClockMillis) {
        if (closed) {
            throw new IllegalStateException("ring " + file + " is closed");
        }
        int length = payload.remaining();
        if (length > layout.maxFrameBytes) {
            throw new IllegalArgumentException("frame of " + length + " bytes is larger than ring " + file
                    + " allows: maxFrameBytes " + layout.maxFrameBytes + " (a quarter of capacityBytes "
                    + layout.dataCapacity + ")");
        }
        long sequence = nextSequence;
        long start = head;
        int index = layout.dataIndex(start);
        if (index + length > layout.dataCapacity) {
            start += layout.dataCapacity - index; // skip to the start of the data area: payloads never wrap
            index = 0;
        }
        long end = start + length;

        evictBefore(sequence, end);

        map.put(layout.dataOffset + index, payload, payload.position(), length);
        int slot = layout.slotOffset(sequence);
        map.putLong(slot + SLOT_POSITION, start);
        map.putInt(slot + SLOT_LENGTH, length);
        map.putInt(slot + SLOT_FLAGS, keyframe ? FLAG_KEYFRAME : 0);
        map.putLong(slot + SLOT_CAPTURE_MICROS, captureMicros);
        map.putLong(slot + SLOT_WALL_MILLIS, wallClockMillis);
        LONGS.setRelease(map, slot + SLOT_SEQUENCE, sequence);
        LONGS.setRelease(map, PUBLISHED_OFFSET, sequence + 1);

        head = (end + 7) & ~7L;
        nextSequence = sequence + 1;
        return sequence;
    }

    /** Moves the tail past every frame the next write would overwrite, before anything is written. */
    private void evictBefore(long sequence, long end) {
        long newTail = tail;
        long lowestSafeStart = end - layout.dataCapacity;
        while (newTail < sequence
                && (sequence - newTail >= layout.slotCount
                || map.getLong(layout.slotOffset(newTail) + SLOT_POSITION) < lowestSafeStart)) {
            newTail++;
        }
        if (newTail != tail) {
            tail = newTail;
            LONGS.setVolatile(map, TAIL_OFFSET, newTail);
            VarHandle.storeStoreFence(); // readers must see the new tail before any overwritten byte
        }
    }

    /** The largest payload {@link #append} accepts. */
    public int maxFrameBytes() {
        return layout.maxFrameBytes;
    }

    /** Frames appended so far. */
    public long published() {
        return nextSequence;
    }

    /** Oldest frame still intact in the ring; frames before it were overwritten. */
    public long oldestSequence() {
        return tail;
    }

    public Path file() {
        return file;
    }

    /**
     * Marks the ring closed so readers know no frame will follow. The file stays (readers may still be
     * reading it); the mapping is released when the writer is garbage-collected.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            INTS.setRelease(map, CLOSED_OFFSET, 1);
        }
    }

    /** Closes the ring and deletes its file. */
    public void closeAndDelete() {
        close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete ring " + file, e);
        }
    }
}
