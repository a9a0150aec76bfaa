package camcloud.cloud.retention;

import camcloud.cloud.storage.ObjectStore;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/** A store whose medium a test declares full: every write then fails as a full disk's would. */
final class FillingDisk implements ObjectStore {

    private final ObjectStore real;
    volatile boolean full;

    FillingDisk(ObjectStore real) {
        this.real = real;
    }

    @Override
    public PendingObject create(String key) throws IOException {
        check();
        PendingObject pending = real.create(key);
        OutputStream failing = new FilterOutputStream(pending.stream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                check();
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                check();
                out.write(b);
            }
        };
        return new PendingObject() {
            @Override
            public OutputStream stream() {
                return failing;
            }

            @Override
            public void commit() throws IOException {
                check();
                pending.commit();
            }

            @Override
            public void close() throws IOException {
                pending.close();
            }
        };
    }

    private void check() throws IOException {
        if (full) {
            throw new IOException("No space left on device");
        }
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
        return real.read(key, offset, length);
    }

    @Override
    public long size(String key) throws IOException {
        return real.size(key);
    }

    @Override
    public boolean delete(String key) throws IOException {
        return real.delete(key);
    }

    @Override
    public long usedBytes() throws IOException {
        return real.usedBytes();
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return real.list(prefix);
    }

    @Override
    public int sweepPending() throws IOException {
        return real.sweepPending();
    }
}
