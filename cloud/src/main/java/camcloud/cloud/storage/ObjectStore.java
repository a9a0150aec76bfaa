package camcloud.cloud.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Where the cloud keeps what it stores as files: recorded segments, snapshots, firmware bundles. Two
 * implementations of the same shape: a local directory ({@link LocalObjectStore}, the default) and an
 * S3-compatible bucket ({@link S3ObjectStore}) that several nodes share; {@link ObjectStores#open}
 * picks by configuration. A new object is written through a {@link PendingObject}: invisible until
 * committed, so a crash leaves no half object under a real key. Objects are read back whole or by byte
 * range, listed by key prefix and deleted.
 */
public interface ObjectStore {

    /** Starts writing a new object under {@code key} (a relative path such as {@code CAM/2026-11-23/…}). */
    PendingObject create(String key) throws IOException;

    /**
     * Reads {@code length} bytes of {@code key} from {@code offset}; the caller closes the stream.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such object
     * @throws IOException when the range is not inside the object, or the store cannot be read
     */
    InputStream read(String key, long offset, long length) throws IOException;

    /** The object's size in bytes ({@link java.nio.file.NoSuchFileException} when there is none). */
    long size(String key) throws IOException;

    /** Deletes {@code key}; true when it existed. */
    boolean delete(String key) throws IOException;

    /**
     * Bytes the store holds in all (for retention's storage limit). Cheap: no implementation walks
     * everything on each call.
     */
    long usedBytes() throws IOException;

    /** Bytes that may still be written before the medium is full; {@code Long.MAX_VALUE} when unknown. */
    default long usableBytes() throws IOException {
        return Long.MAX_VALUE;
    }

    /** The committed keys that start with {@code prefix} ({@code ""}: all), sorted. */
    List<String> list(String prefix) throws IOException;

    /** Every committed key (for the start-up check that index and objects agree). */
    default List<String> keys() throws IOException {
        return list("");
    }

    /**
     * Deletes what interrupted writes left behind (of this process's earlier life, or stale ones of
     * other nodes); writes still open in this process are left alone. Returns how many.
     */
    int sweepPending() throws IOException;

    /**
     * A cheap check that the store answers and may be written (for start-up and {@code /health}); both
     * implementations check for real, the default (wrappers in tests) checks nothing.
     */
    default void probe() throws IOException {
    }

    /** Where the store is, for messages and {@code /health} (never credentials). */
    default String location() {
        return getClass().getSimpleName();
    }

    /** An object being written: invisible to readers until {@link #commit()}. */
    interface PendingObject extends AutoCloseable {

        /** Where the bytes go; closing it does nothing (commit or close the pending object). */
        OutputStream stream();

        /**
         * Appends the readable bytes of {@code bytes} (its reader index does not move, it is not
         * released) after what was written before, through the stream or not: the local stores write
         * them with one gathering write of the buffer's parts (a fragment's headers and the frames'
         * bytes as they came from the camera), never through a byte array.
         */
        default void write(io.netty.buffer.ByteBuf bytes) throws IOException {
            bytes.getBytes(bytes.readerIndex(), stream(), bytes.readableBytes());
        }

        /**
         * Makes the object durable and visible under its key. When it throws {@link IOException} (the
         * store is unreachable), the written bytes stay on local disk and {@code commit()} may be called
         * again later to complete the same object; nothing more can be written.
         */
        void commit() throws IOException;

        /**
         * Cuts what was written back to its first {@code length} bytes, before {@link #commit()} (a
         * recorder ends a segment at an earlier fragment boundary when its node drains). A store that
         * cannot throws IOException, and the caller commits the whole object instead.
         */
        default void truncate(long length) throws IOException {
            throw new IOException("this store cannot cut a pending object");
        }

        /** Discards what was written unless committed (also the bytes a failed commit kept). */
        @Override
        void close() throws IOException;
    }
}
