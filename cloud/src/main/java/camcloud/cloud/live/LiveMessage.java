package camcloud.cloud.live;

import java.nio.ByteBuffer;

/**
 * One WebSocket message for live viewers, built once and shared by all of them: either binary
 * (an init segment or a fragment) or a JSON status text.
 *
 * <p>The binary bytes are a read-only buffer over one array; each viewer sends its own
 * {@link #binaryView()} (a view with its own position, not a copy), so a fragment's bytes exist once
 * however many people watch.
 *
 * @param binary   init segment or fragment bytes, read-only; null for a text message
 * @param text     JSON status; null for a binary message
 * @param fragment true for a media fragment (droppable); false for init segments and status (never dropped)
 * @param keyframe a fragment that starts with an IDR picture: a viewer can (re)start here
 */
public record LiveMessage(ByteBuffer binary, String text, boolean fragment, boolean keyframe) {

    static LiveMessage init(byte[] initSegment) {
        return new LiveMessage(ByteBuffer.wrap(initSegment).asReadOnlyBuffer(), null, false, false);
    }

    static LiveMessage fragment(byte[] bytes, boolean keyframe) {
        return new LiveMessage(ByteBuffer.wrap(bytes).asReadOnlyBuffer(), null, true, keyframe);
    }

    static LiveMessage status(String json) {
        return new LiveMessage(null, json, false, false);
    }

    /** A view of the shared bytes for one send: own position and limit, same memory. */
    public ByteBuffer binaryView() {
        return binary.duplicate();
    }

    public boolean isText() {
        return text != null;
    }

    /** Bytes on the wire (for queue accounting). */
    public int size() {
        return binary != null ? binary.remaining() : text.length();
    }
}
