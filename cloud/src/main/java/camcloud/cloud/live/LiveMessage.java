package camcloud.cloud.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * One WebSocket message for live viewers, built once and shared by all of them: either binary
 * (an init segment or a fragment) or a JSON status text.
 *
 * <p>A fragment's bytes are the {@code FragmentWriter}'s buffer: its headers plus retained slices of
 * the camera connection's bytes, never copied, and each viewer sends {@link #binaryParts()} (views
 * with their own positions over the same memory), so a fragment exists once however many watch.
 *
 * <p>Ownership: the message holds one reference to its bytes, which its maker releases when it no
 * longer keeps the message ({@link #release()}); a {@link LiveViewer} that queues it {@link #retain()}s
 * it and releases it once its send completed or failed, or when the message is dropped from its queue.
 * Text messages hold nothing (retain and release do nothing).
 *
 * <p>binary: the bytes, or null for a text; text: the JSON status, or null for a binary message;
 * fragment: a media fragment (droppable), false for init segments and status (never dropped);
 * keyframe: a fragment that starts with an IDR picture, where a viewer can (re)start.
 */
public final class LiveMessage {

    private final ByteBuf binary;
    private final String text;
    private final boolean fragment;
    private final boolean keyframe;

    private LiveMessage(ByteBuf binary, String text, boolean fragment, boolean keyframe) {
        this.binary = binary;
        this.text = text;
        this.fragment = fragment;
        this.keyframe = keyframe;
    }

    /** A binary message; takes over the caller's reference to {@code bytes}. */
    public static LiveMessage binary(ByteBuf bytes, boolean fragment, boolean keyframe) {
        return new LiveMessage(bytes, null, fragment, keyframe);
    }

    /** A JSON status text. */
    public static LiveMessage text(String json) {
        return new LiveMessage(null, json, false, false);
    }

    static LiveMessage init(byte[] initSegment) {
        return binary(Unpooled.wrappedBuffer(initSegment), false, false);
    }

    static LiveMessage status(String json) {
        return text(json);
    }

    /** The bytes of one send, in order: views with their own positions over the shared memory. */
    public ByteBuffer[] binaryParts() {
        return binary.nioBuffers();
    }

    public ByteBuf binary() {
        return binary;
    }

    public String text() {
        return text;
    }

    public boolean fragment() {
        return fragment;
    }

    public boolean keyframe() {
        return keyframe;
    }

    public boolean isText() {
        return text != null;
    }

    /** Bytes on the wire (for queue accounting). */
    public int size() {
        return binary != null ? binary.readableBytes() : text.length();
    }

    /** One more holder of the bytes. */
    public LiveMessage retain() {
        if (binary != null) {
            binary.retain();
        }
        return this;
    }

    /** A holder is done with the bytes. */
    public void release() {
        if (binary != null) {
            binary.release();
        }
    }
}
