package camcloud.cloud.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream a {@link ObjectStore.PendingObject} hands out: buffered, counting, and sealed by the first
 * commit (so a retried commit uploads exactly the bytes of the first attempt). Closing it does nothing:
 * the pending object owns the file underneath. Its buffer is made on the first write through the
 * stream: a recorder's segment, written by {@link #gather}, never has one (an open segment per
 * streaming camera must not cost 64 KiB of heap).
 */
final class SealableOutputStream extends OutputStream {

    private static final int BUFFER = 64 * 1024;

    private final OutputStream file;
    private OutputStream out;
    private long written;
    private boolean sealed;

    SealableOutputStream(OutputStream file) {
        this.file = file;
        this.out = OutputStream.nullOutputStream();
    }

    /** The buffer in front of the file, made on first use. */
    private OutputStream buffered() {
        if (!(out instanceof BufferedOutputStream)) {
            out = new BufferedOutputStream(file, BUFFER);
        }
        return out;
    }

    @Override
    public void write(int b) throws IOException {
        check();
        buffered().write(b);
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        buffered().write(b, off, len);
        written += len;
    }

    @Override
    public void flush() throws IOException {
        if (!sealed) {
            out.flush();
        }
    }

    @Override
    public void close() {
        // the pending object closes the file (commit or discard)
    }

    /**
     * Appends the readable bytes of {@code bytes} (not moved, not released) with gathering writes of
     * its parts to {@code channel}, the file under this stream, after what is buffered.
     */
    void gather(java.nio.channels.FileChannel channel, io.netty.buffer.ByteBuf bytes) throws IOException {
        check();
        out.flush();
        java.nio.ByteBuffer[] parts = bytes.nioBuffers();
        long length = bytes.readableBytes();
        long done = 0;
        while (done < length) {
            done += channel.write(parts);
        }
        written += length;
    }

    /** Flushes what is buffered; writing afterwards fails. */
    void seal() throws IOException {
        if (!sealed) {
            out.flush();
            sealed = true;
        }
    }

    /**
     * Cuts the object back to its first {@code length} bytes (before the commit): {@code file} is the
     * channel this stream writes to.
     */
    void cut(java.nio.channels.FileChannel file, long length) throws IOException {
        check();
        out.flush();
        if (length < 0 || length > written) {
            throw new IOException("cannot cut " + written + " bytes to " + length);
        }
        file.truncate(length);
        file.position(length);
        written = length;
    }

    long written() {
        return written;
    }

    private void check() throws IOException {
        if (sealed) {
            throw new IOException("the object is being committed: nothing more can be written");
        }
    }
}
