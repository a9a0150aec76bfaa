package camcloud.cloud.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where segment files live. The embedded implementation is a local directory; an S3-compatible one
 * follows for multi-node deployments. Every backend has the same shape: write a new object through
 * {@link PendingObject} (invisible until committed, so a crash leaves no half object under a real
 * key), read it back whole or by byte range, delete it.
 */
public interface ObjectStore {

    /** Starts writing a new object under {@code key} (a relative path such as {@code CAM/2026-11-23/…}). */
    PendingObject create(String key) throws IOException;

    /** Reads {@code length} bytes of {@code key} from {@code offset}; the caller closes the stream. */
    InputStream read(String key, long offset, long length) throws IOException;

    /** The object's size in bytes. */
    long size(String key) throws IOException;

    /** Deletes {@code key}; true when it existed. */
    boolean delete(String key) throws IOException;

    /** Bytes the store holds in all (for retention and the disk-full guard). */
    long usedBytes() throws IOException;

    /** Bytes that may still be written before the medium is full; {@code Long.MAX_VALUE} when unknown. */
    default long usableBytes() throws IOException {
        return Long.MAX_VALUE;
    }

    /** Every committed key (for the start-up check that index and objects agree). */
    java.util.List<String> keys() throws IOException;

    /** Deletes what interrupted writes left behind; returns how many objects. */
    int sweepPending() throws IOException;

    /** An object being written: invisible to readers until {@link #commit()}. */
    interface PendingObject extends AutoCloseable {

        OutputStream stream();

        /**
         * Makes the object durable and visible under its key. After an IOException (the store
         * unreachable) it may be called again and then completes the same object: the bytes written
         * stay (on local disk) until a commit succeeds or {@link #close()} discards them.
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

        /** Discards what was written; also what {@link #close()} does when not committed. */
        @Override
        void close() throws IOException;
    }
}
