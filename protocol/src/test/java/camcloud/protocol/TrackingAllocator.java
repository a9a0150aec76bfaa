package camcloud.protocol;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * A heap allocator that remembers every buffer it made, so a test can assert that all of them were
 * released and how many bytes are held at a given moment. Set it on an {@code EmbeddedChannel}
 * ({@code channel.config().setAllocator(alloc)}) to watch a decoder's cumulation.
 */
final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> made = new ArrayList<>();

    TrackingAllocator() {
        super(false);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        ByteBuf buf = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        made.add(buf);
        return buf;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    /** A buffer holding {@code bytes}, made by this allocator. */
    ByteBuf copyOf(byte[] bytes, int offset, int length) {
        return heapBuffer(length).writeBytes(bytes, offset, length);
    }

    /** Capacity of the buffers not yet released. */
    long liveBytes() {
        return made.stream().filter(b -> b.refCnt() > 0).mapToLong(ByteBuf::capacity).sum();
    }

    /** Buffers not yet released. */
    long liveBuffers() {
        return made.stream().filter(b -> b.refCnt() > 0).count();
    }

    int allocations() {
        return made.size();
    }
}
