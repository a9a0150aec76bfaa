package camcloud.cloud.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What both stores' pending objects share: the bytes go to a local file (the local store's
 * {@code .part}, the S3 store's spool file) through a counting stream; {@link #commit()} seals the
 * file once and then publishes it, and may be called again after an IOException to finish the same
 * object ({@link #publish} must be safe to repeat); {@link #close()} without a commit deletes the file.
 */
abstract class SpooledPending implements ObjectStore.PendingObject {

    /** The name for messages. */
    final String key;
    final Path file;
    final FileChannel channel;
    final SealableOutputStream stream;
    private final StoreMetrics metrics;
    private final boolean forceBeforePublish;
    private boolean done;
    private boolean committed;

    /** @param forceBeforePublish fsync the file before publishing it (it becomes the object itself) */
    SpooledPending(String key, Path file, FileChannel channel, StoreMetrics metrics, boolean forceBeforePublish) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.stream = new SealableOutputStream(Channels.newOutputStream(channel));
        this.metrics = metrics;
        this.forceBeforePublish = forceBeforePublish;
    }

    /** Makes the sealed file the object under its key; repeated after a failure until it succeeds. */
    abstract void publish(long size) throws IOException;

    /** The object was discarded (its file is deleted already): forget it, undo what was begun remotely. */
    abstract void discarded() throws IOException;

    @Override
    public final OutputStream stream() {
        return stream;
    }

    @Override
    public final void write(io.netty.buffer.ByteBuf bytes) throws IOException {
        stream.gather(channel, bytes);
    }

    @Override
    public final void commit() throws IOException {
        if (committed) {
            return; // a retry of a commit that went through
        }
        if (done) {
            throw new IOException("storage object " + key + " was discarded");
        }
        metrics.time("write", () -> {
            if (channel.isOpen()) {
                stream.seal();
                if (forceBeforePublish) {
                    channel.force(true);
                }
                channel.close();
            }
            publish(stream.written());
            done = true;
            committed = true;
            return null;
        });
    }

    @Override
    public final void truncate(long length) throws IOException {
        if (done || !channel.isOpen()) {
            throw new IOException("storage object " + key + " is no longer open for writing");
        }
        stream.cut(channel, length);
    }

    @Override
    public final void close() throws IOException {
        if (!done) {
            done = true;
            stream.discard();
            channel.close();
            Files.deleteIfExists(file);
            discarded();
        }
    }
}
