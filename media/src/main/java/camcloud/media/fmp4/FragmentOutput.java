package camcloud.media.fmp4;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a {@link SegmentWriter} puts its bytes: a recorder's store object written with one gathering
 * write per fragment, or any stream.
 */
@FunctionalInterface
public interface FragmentOutput {

    /** Writes the readable bytes of {@code bytes}; neither moves its reader index nor releases it. */
    void write(ByteBuf bytes) throws IOException;

    /** A stream as an output (the bytes are copied into it; for files and tests). */
    static FragmentOutput of(OutputStream out) {
        return bytes -> bytes.getBytes(bytes.readerIndex(), out, bytes.readableBytes());
    }
}
