package camcloud.cloud.storage;

import io.netty.buffer.ByteBuf;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The stream a {@link ObjectStore.PendingObject} hands out: buffered, counting, and sealed by the first
 * commit (so a retried commit uploads exactly the bytes of the first attempt). Closing it does nothing:
 * the pending object owns the file underneath. Its buffer is made on the first write through the
 * stream: a recorder's segment, written by {@link #gather}, never has one (an open segment per
 * streaming camera must not cost 64 KiB of heap).
 *
 * <p>{@link #gather} writes behind: it keeps references to the buffers it is given (the fragment
 * headers and the frames' bytes as they came from the camera, nothing copied) until about
 * {@value #GATHER_BYTES} bytes wait, then writes them all with one gathering write. A recorder writes
 * one fragment per frame; one system call per frame per camera was a good part of a node's CPU. The
 * bytes waiting were never durable before the commit anyway (the commit seals, then syncs): nothing a
 * crash could lose is held longer. Sealing, cutting and writing through the stream write them first;
 * {@link #discard} lets them go.
 */
final class SealableOutputStream extends OutputStream {

    private static final int BUFFER = 64 * 1024;
    /** Bytes {@link #gather} lets wait before one gathering write. */
    static final int GATHER_BYTES = 64 * 1024;
    /** Buffers it lets wait at most (a gathering write takes at most 1,024 on Linux). */
    private static final int GATHER_PARTS = 256;

    private final OutputStream file;
    private OutputStream out;
    private long written;
    private boolean sealed;
    /** The channel {@link #gather} writes to, and what waits for it, in order. */
    private FileChannel gatherChannel;
    private final List<ByteBuf> waiting = new ArrayList<>(0);
    private int waitingParts;
    private long waitingBytes;
    /** A gathering write failed: bytes counted in {@link #written} are not in the file, so it must not be sealed. */
    private IOException broken;

    SealableOutputStream(OutputStream file) {
        this.file = file;
        this.out = OutputStream.nullOutputStream();
    }

    /** The buffer in front of the file, made on first use; what {@link #gather} holds goes first. */
    private OutputStream buffered() throws IOException {
        writeWaiting();
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
            writeWaiting();
        }
    }

    @Override
    public void close() {
        // the pending object closes the file (commit or discard)
    }

    /**
     * Appends the readable bytes of {@code bytes} to {@code channel}, the file under this stream, after
     * what is buffered: not moved and not released (this keeps its own reference until they are
     * written), written with later ones in one gathering write.
     */
    void gather(FileChannel channel, ByteBuf bytes) throws IOException {
        check();
        out.flush();
        gatherChannel = channel;
        int length = bytes.readableBytes();
        waiting.add(bytes.retainedSlice());
        waitingParts += bytes.nioBufferCount();
        waitingBytes += length;
        written += length;
        if (waitingBytes >= GATHER_BYTES || waitingParts >= GATHER_PARTS) {
            writeWaiting();
        }
    }

    /** Writes what {@link #gather} holds, in one gathering write (more when the kernel takes less). */
    private void writeWaiting() throws IOException {
        if (waiting.isEmpty()) {
            return;
        }
        List<ByteBuffer> parts = new ArrayList<>(waitingParts);
        for (ByteBuf bytes : waiting) {
            parts.addAll(List.of(bytes.nioBuffers()));
        }
        ByteBuffer[] array = parts.toArray(new ByteBuffer[0]);
        long done = 0;
        try {
            while (done < waitingBytes) {
                done += gatherChannel.write(array);
            }
        } catch (IOException e) {
            broken = e;
            throw e;
        } finally {
            discard();
        }
    }

    /** Lets go of what {@link #gather} holds without writing it (the object is discarded). */
    void discard() {
        for (ByteBuf bytes : waiting) {
            bytes.release();
        }
        waiting.clear();
        waitingParts = 0;
        waitingBytes = 0;
    }

    /** Flushes what is buffered; writing afterwards fails. */
    void seal() throws IOException {
        if (!sealed) {
            failIfBroken();
            out.flush();
            writeWaiting();
            sealed = true;
        }
    }

    /**
     * Cuts the object back to its first {@code length} bytes (before the commit): {@code file} is the
     * channel this stream writes to.
     */
    void cut(FileChannel file, long length) throws IOException {
        check();
        out.flush();
        writeWaiting();
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

    private void failIfBroken() throws IOException {
        if (broken != null) {
            throw new IOException("an earlier write of this object failed: " + broken.getMessage(), broken);
        }
    }

    private void check() throws IOException {
        failIfBroken();
        if (sealed) {
            throw new IOException("the object is being committed: nothing more can be written");
        }
    }
}
