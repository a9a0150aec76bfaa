package camcloud.cloud.recording;

import camcloud.cloud.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.util.List;

/**
 * A store a test takes off the network: while {@link #down}, every call that would reach the remote
 * side fails as an unreachable S3 endpoint's would, while a pending object's bytes still go to local
 * disk (as the S3 store's do) — so commits fail and may be retried, as the contract says.
 */
final class UnreachableStore implements ObjectStore {

    private final ObjectStore real;
    volatile boolean down;
    /** Commits reach the store but their reply is lost (the node cannot know the object is there). */
    volatile boolean repliesLost;

    UnreachableStore(ObjectStore real) {
        this.real = real;
    }

    private void check() throws IOException {
        if (down) {
            throw new ConnectException("Connection refused (test: store unreachable)");
        }
    }

    @Override
    public PendingObject create(String key) throws IOException {
        PendingObject pending = real.create(key);
        return new PendingObject() {
            @Override
            public OutputStream stream() {
                return pending.stream();
            }

            @Override
            public void commit() throws IOException {
                check();
                pending.commit();
                if (repliesLost) {
                    throw new java.net.SocketTimeoutException("Read timed out (test: reply lost)");
                }
            }

            @Override
            public void truncate(long length) throws IOException {
                pending.truncate(length);
            }

            @Override
            public void close() throws IOException {
                pending.close();
            }
        };
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
        check();
        return real.read(key, offset, length);
    }

    @Override
    public long size(String key) throws IOException {
        check();
        return real.size(key);
    }

    @Override
    public boolean delete(String key) throws IOException {
        check();
        return real.delete(key);
    }

    @Override
    public long usedBytes() throws IOException {
        return real.usedBytes();
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        check();
        return real.list(prefix);
    }

    @Override
    public int sweepPending() throws IOException {
        return real.sweepPending();
    }
}
