package camcloud.cloud.cluster.relay;

import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * The binary messages of a live relay from the camera's node to the viewers' node, one WebSocket
 * message each, big-endian:
 * <ul>
 *   <li>format: {@code 'F'}, width, height, fps (int32 each), SPS length (int32), SPS, PPS length
 *       (int32), PPS;</li>
 *   <li>unit: {@code 'U'}, sequence, cloud time (µs), capture wall clock (ms) (int64 each), flags
 *       (1 keyframe, 2 discontinuity), the Annex B bytes.</li>
 * </ul>
 * Texts are the live protocol's statuses ({@code offline}: the camera's session on that node ended;
 * {@code dropped}: this node's link was too slow, the next unit is a keyframe). The receiving node
 * checks every length (the bytes come from the network) and scans each unit's H.264 again
 * ({@link camcloud.media.h264.NalIndex}), as ingest does.
 */
final class RelayWire {

    static final byte FORMAT = 'F';
    static final byte UNIT = 'U';
    /** SPS and PPS are a few dozen bytes; anything this long is not one. */
    static final int MAX_PARAMETER_SET = 4096;
    private static final int UNIT_HEADER = 1 + 8 + 8 + 8 + 1;

    private RelayWire() {
    }

    static byte[] format(StreamFormat f) {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 * 5 + f.sps().length + f.pps().length);
        b.put(FORMAT).putInt(f.width()).putInt(f.height()).putInt(f.fps());
        b.putInt(f.sps().length).put(f.sps()).putInt(f.pps().length).put(f.pps());
        return b.array();
    }

    /** The unit's header and bytes in one array (the one copy a relayed unit costs). */
    static byte[] unit(TimedUnit u) {
        int size = u.payload().readableBytes();
        ByteBuffer b = ByteBuffer.allocate(UNIT_HEADER + size);
        b.put(UNIT).putLong(u.sequence()).putLong(u.timeMicros()).putLong(u.captureWallMillis())
                .put((byte) ((u.keyframe() ? 1 : 0) | (u.discontinuity() ? 2 : 0)));
        u.payload().getBytes(u.payload().readerIndex(), b.array(), UNIT_HEADER, size);
        return b.array();
    }

    static boolean keyframe(byte[] unitMessage) {
        return (unitMessage[UNIT_HEADER - 1] & 1) != 0;
    }

    /** Reads a format message; throws IllegalArgumentException when it is not a sane one. */
    static StreamFormat readFormat(ByteBuffer b) {
        try {
            if (b.get() != FORMAT) {
                throw new IllegalArgumentException("not a format message");
            }
            int width = b.getInt();
            int height = b.getInt();
            int fps = b.getInt();
            byte[] sps = parameterSet(b);
            byte[] pps = parameterSet(b);
            if (width < 1 || height < 1 || width > 16384 || height > 16384 || fps < 1 || fps > 1000 || b.hasRemaining()) {
                throw new IllegalArgumentException("implausible format " + width + "x" + height + "@" + fps);
            }
            return new StreamFormat(width, height, fps, sps, pps);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("format message too short");
        }
    }

    /**
     * Reads a unit message into a unit that owns a copy-free wrapper of the array; the caller releases
     * it. Throws IllegalArgumentException when the bytes are not a usable H.264 unit.
     */
    static TimedUnit readUnit(byte[] message) {
        if (message.length <= UNIT_HEADER || message[0] != UNIT) {
            throw new IllegalArgumentException("not a unit message");
        }
        ByteBuffer b = ByteBuffer.wrap(message);
        b.get();
        long sequence = b.getLong();
        long time = b.getLong();
        long wall = b.getLong();
        int flags = b.get();
        return new TimedUnit(sequence, time, wall, (flags & 1) != 0, (flags & 2) != 0,
                Unpooled.wrappedBuffer(message, UNIT_HEADER, message.length - UNIT_HEADER), true, false, -1);
    }

    private static byte[] parameterSet(ByteBuffer b) {
        int length = b.getInt();
        if (length < 1 || length > MAX_PARAMETER_SET || length > b.remaining()) {
            throw new IllegalArgumentException("parameter set length " + length);
        }
        byte[] out = new byte[length];
        b.get(out);
        return out;
    }
}
