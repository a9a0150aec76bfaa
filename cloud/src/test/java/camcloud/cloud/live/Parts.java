package camcloud.cloud.live;

import java.nio.ByteBuffer;

/** Test outputs read a message's parts as one buffer (the real output sends them as they are). */
public final class Parts {

    private Parts() {
    }

    /** The parts' remaining bytes joined, without moving the parts. */
    public static ByteBuffer join(ByteBuffer[] parts) {
        int size = 0;
        for (ByteBuffer p : parts) {
            size += p.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer p : parts) {
            all.put(p.duplicate());
        }
        return all.flip();
    }
}
