package camcloud.cloud.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The embedded video store: one file per object under a root directory. A new object is written to
 * {@code KEY.part}, forced to disk, renamed atomically to {@code KEY} and the directory forced, so
 * after a crash at any moment a key names either nothing or a complete file; {@link #sweepPending()}
 * removes the leftovers of interrupted writes at start-up (the recorder's start-up recovery calls it,
 * so it can report them).
 */
public final class LocalObjectStore implements ObjectStore {

    private static final String PENDING_SUFFIX = ".part";
    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final Path root;
    private final AtomicLong used = new AtomicLong();

    public LocalObjectStore(Path root) throws IOException {
        this.root = root.toAbsolutePath();
        Files.createDirectories(this.root);
        used.set(walkSize());
    }

    public Path root() {
        return root;
    }

    @Override
    public PendingObject create(String key) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path pending = target.resolveSibling(target.getFileName() + PENDING_SUFFIX);
        FileChannel channel = FileChannel.open(pending, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new LocalPending(target, pending, channel);
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
        Path file = resolve(key);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (offset < 0 || length < 0 || offset + length > size) {
                throw new IOException("range " + offset + "+" + length + " is outside " + key + " (" + size + " bytes)");
            }
            channel.position(offset);
            InputStream whole = Channels.newInputStream(channel);
            return new BoundedInputStream(whole, length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(resolve(key));
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path file = resolve(key);
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return false;
        }
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            used.addAndGet(-size);
        }
        return deleted;
    }

    @Override
    public long usedBytes() {
        return used.get();
    }

    @Override
    public long usableBytes() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    /** Every committed key under the root (for the start-up check that index and files agree). */
    @Override
    public List<String> keys() throws IOException {
        List<String> keys = new ArrayList<>();
        walk((file, size) -> {
            if (!file.getFileName().toString().endsWith(PENDING_SUFFIX)) {
                keys.add(root.relativize(file).toString().replace(java.io.File.separatorChar, '/'));
            }
        });
        keys.sort(null);
        return keys;
    }

    /** Deletes files of writes a crash interrupted; returns how many. */
    @Override
    public int sweepPending() throws IOException {
        List<Path> pending = new ArrayList<>();
        walk((file, size) -> {
            if (file.getFileName().toString().endsWith(PENDING_SUFFIX)) {
                pending.add(file);
            }
        });
        for (Path p : pending) {
            Files.deleteIfExists(p);
        }
        return pending.size();
    }

    private long walkSize() throws IOException {
        long[] total = {0};
        walk((file, size) -> {
            if (!file.getFileName().toString().endsWith(PENDING_SUFFIX)) {
                total[0] += size;
            }
        });
        return total[0];
    }

    private interface FileVisit {
        void file(Path file, long size);
    }

    /**
     * Visits every regular file under the root. The recorder writes while this runs: a file or folder
     * that disappears between listing and reading (a pending file renamed, a segment deleted by
     * retention) is skipped, not an error.
     */
    private void walk(FileVisit visit) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    visit.file(file, attrs.size());
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    private Path resolve(String key) throws IOException {
        if (key == null || !SAFE_KEY.matcher(key).matches() || key.contains("..")) {
            throw new IOException("invalid storage key '" + key + "'");
        }
        return root.resolve(key);
    }

    private final class LocalPending implements PendingObject {
        private final Path target;
        private final Path pending;
        private final FileChannel channel;
        private final OutputStream stream;
        private long written;
        private boolean done;
        private boolean committed;

        LocalPending(Path target, Path pending, FileChannel channel) {
            this.target = target;
            this.pending = pending;
            this.channel = channel;
            this.stream = new FilterOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(channel),
                    64 * 1024)) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written += len;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    written++;
                }

                @Override
                public void close() {
                    // closed by commit() or close() of the pending object
                }
            };
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public void commit() throws IOException {
            if (committed) {
                return; // a retry of a commit that went through
            }
            if (done) {
                throw new IOException("pending object " + target.getFileName() + " was discarded");
            }
            // Each step may be retried after an IOException: the .part file stays until it is renamed.
            if (channel.isOpen()) {
                stream.flush();
                channel.force(true);
                channel.close();
            }
            if (Files.exists(pending)) {
                Files.move(pending, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                used.addAndGet(written);
            }
            forceDirectory(target.getParent());
            done = true;
            committed = true;
        }

        @Override
        public void truncate(long length) throws IOException {
            if (done || !channel.isOpen()) {
                throw new IOException("pending object " + target.getFileName() + " is no longer open");
            }
            stream.flush();
            if (length < 0 || length > written) {
                throw new IOException("cannot cut " + written + " bytes to " + length);
            }
            channel.truncate(length);
            channel.position(length);
            written = length;
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                channel.close();
                Files.deleteIfExists(pending);
            }
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Reads at most {@code remaining} bytes of the wrapped stream. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
