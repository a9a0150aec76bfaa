package camcloud.device.ring;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
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
 * The cloud agent's end of the frame ring: maps a ring file made by a {@link RingWriter}, possibly in
 * another process, read-only, and hands out frames as views into the mapping ({@link RingFrame}).
 * Any number of readers may attach; each keeps its own cursor and the writer knows none of them.
 *
 * <p>A reader that falls behind loses whole frames, oldest first: when the writer has overwritten the
 * frame the reader wanted, {@link #poll()} skips to the oldest intact one and adds the skipped frames
 * to {@link #lostFrames()}. It never returns a torn frame: the header is validated before
 * {@code poll} returns, and the payload, which is read in place, is validated by
 * {@link #release(RingFrame)} after it has been read (a frame overwritten meanwhile counts as lost).
 *
 * <p>Validation is a seqlock on the ring's {@code tail}: read, then a load-load fence, then the tail
 * with acquire; if the tail has not passed the frame's sequence, nothing read was overwritten (the
 * writer moves the tail before it overwrites; see {@link RingWriter}).
 *
 * <p>{@link #poll()} never blocks; a caller with nothing to do waits with a {@link RingIdle}.
 * Not thread-safe: one thread per reader.
 */
public final class RingReader implements AutoCloseable {

    private final Path file;
    private final RingLayout layout;
    private final ByteBuffer map;
    private final ByteBuffer data;
    private long nextSequence;
    private long lostFrames;
    private long framesRead;

    private RingReader(Path file, RingLayout layout, ByteBuffer map, long startSequence) {
        this.file = file;
        this.layout = layout;
        this.map = map;
        this.data = map.slice(layout.dataOffset, layout.dataCapacity).asReadOnlyBuffer();
        this.nextSequence = startSequence;
    }

    /**
     * Attaches to the ring in {@code file}, starting at the oldest frame still intact in it.
     *
     * @throws IllegalStateException if the file is not a ring (wrong magic, version or size)
     */
    public static RingReader open(Path file) throws IOException {
        MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        mapped.order(ByteOrder.nativeOrder());
        RingLayout layout = RingLayout.readHeader(mapped, file);
        long tail = (long) LONGS.getAcquire(mapped, TAIL_OFFSET);
        return new RingReader(file, layout, mapped, tail);
    }

    /**
     * The next frame, or {@code null} if the writer has not published one yet. Frames the writer
     * overwrote before this reader got to them are skipped and counted in {@link #lostFrames()}.
     */
    public RingFrame poll() {
        while (true) {
            long published = (long) LONGS.getAcquire(map, PUBLISHED_OFFSET);
            if (nextSequence >= published) {
                return null;
            }
            long tail = (long) LONGS.getAcquire(map, TAIL_OFFSET);
            if (nextSequence < tail) {
                lostFrames += tail - nextSequence;
                nextSequence = tail;
                continue;
            }
            long sequence = nextSequence;
            int slot = layout.slotOffset(sequence);
            long slotSequence = (long) LONGS.getAcquire(map, slot + SLOT_SEQUENCE);
            long position = map.getLong(slot + SLOT_POSITION);
            int length = map.getInt(slot + SLOT_LENGTH);
            int flags = map.getInt(slot + SLOT_FLAGS);
            long captureMicros = map.getLong(slot + SLOT_CAPTURE_MICROS);
            long wallClockMillis = map.getLong(slot + SLOT_WALL_MILLIS);
            VarHandle.loadLoadFence();
            if ((long) LONGS.getAcquire(map, TAIL_OFFSET) > sequence || slotSequence > sequence) {
                continue; // the slot was reused while we read it; the next round counts the loss
            }
            int index = layout.dataIndex(position);
            if (slotSequence != sequence || length < 0 || length > layout.maxFrameBytes || index + length > layout.dataCapacity) {
                throw new IllegalStateException("ring " + file + " is corrupt: frame " + sequence
                        + " (published, intact by the tail) has slot sequence " + slotSequence + ", "
                        + length + " bytes at " + position);
            }
            nextSequence = sequence + 1;
            framesRead++;
            ByteBuffer payload = data.slice(index, length);
            return new RingFrame(sequence, (flags & FLAG_KEYFRAME) != 0, captureMicros, wallClockMillis, payload);
        }
    }

    /**
     * Ends the use of a frame's view and says whether what was read from it is the frame: false if the
     * writer overwrote it meanwhile, in which case whatever was read must be discarded; the frame then
     * counts as lost.
     */
    public boolean release(RingFrame frame) {
        VarHandle.loadLoadFence();
        if ((long) LONGS.getAcquire(map, TAIL_OFFSET) > frame.sequence()) {
            lostFrames++;
            framesRead--;
            return false;
        }
        return true;
    }

    /** Frames this reader never got intact: overwritten before it polled them or while it read them. */
    public long lostFrames() {
        return lostFrames;
    }

    /** Frames handed out by {@link #poll()} and not found overwritten on {@link #release}. */
    public long framesRead() {
        return framesRead;
    }

    /** The sequence {@link #poll()} will try next. */
    public long nextSequence() {
        return nextSequence;
    }

    /** Frames published but not yet polled by this reader (some may be lost by the time it polls). */
    public long backlog() {
        return Math.max(0, (long) LONGS.getAcquire(map, PUBLISHED_OFFSET) - nextSequence);
    }

    /**
     * True once the writer has closed the ring. Every frame it published is visible to a {@link #poll()}
     * made after this returned true, so "closed and poll returned null" means the stream ended.
     */
    public boolean writerClosed() {
        return (int) INTS.getAcquire(map, CLOSED_OFFSET) != 0;
    }

    /** The largest frame the ring accepts. */
    public int maxFrameBytes() {
        return layout.maxFrameBytes;
    }

    public Path file() {
        return file;
    }

    /** Nothing to free eagerly: the read-only mapping is released when the reader is garbage-collected. */
    @Override
    public void close() {
        // The JDK has no supported way to unmap; dropping the reference lets the GC do it.
    }
}
