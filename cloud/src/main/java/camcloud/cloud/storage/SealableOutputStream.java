package camcloud.cloud.storage;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream a {@link ObjectStore.PendingObject} hands out: buffered, counting, and sealed by the first
 * commit (so a retried commit uploads exactly the bytes of the first attempt). Closing it does nothing:
 * the pending object owns the file underneath.
 */
final class SealableOutputStream extends OutputStream {

    private final OutputStream out;
    private long written;
    private boolean sealed;

    SealableOutputStream(OutputStream file) {
        this.out = new BufferedOutputStream(file, 64 * 1024);
    }

    @Override
    public void write(int b) throws IOException {
        check();
        out.write(b);
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        check();
        out.write(b, off, len);
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
