package camcloud.device.ring;

import java.nio.ByteBuffer;

/**
 * One frame as a {@link RingReader} hands it out: the header fields, copied, and a <em>view</em> of the
 * payload inside the shared mapping — no byte of the payload is copied.
 *
 * <p>The view is only trustworthy until the writer laps the reader: the writer never waits, so it may
 * overwrite these bytes while they are being read. Use it like this:
 * <pre>{@code
 * RingFrame frame = reader.poll();
 * if (frame != null) {
 *     out.writeBytes(frame.payload());     // read in place; the agent's one copy, into its network buffer
 *     if (reader.release(frame)) send(out); // still intact: what was read is the frame
 *     else out.clear();                     // overwritten while read: dropped and counted as lost
 * }
 * }</pre>
 * Anything derived from the payload must be validated by {@link RingReader#release(RingFrame)} before
 * it is used; after release the view must not be touched.
 *
 * @param sequence        the writer's frame number (0, 1, 2, ...); gaps are frames this reader lost
 * @param keyframe        the frame is an IDR access unit (a decoder can start here)
 * @param captureMicros   monotonic capture time in microseconds
 * @param wallClockMillis the camera's wall clock at capture
 * @param payload         read-only view of the payload in the mapping, position 0, limit = length
 */
public record RingFrame(long sequence, boolean keyframe, long captureMicros, long wallClockMillis,
                        ByteBuffer payload) {

    /** Payload length in bytes. */
    public int length() {
        return payload.limit();
    }
}
