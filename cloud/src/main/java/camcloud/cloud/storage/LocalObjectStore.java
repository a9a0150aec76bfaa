package camcloud.cloud.storage;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded object store: one file per object under a root directory. A new object is written to
 * {@code KEY.part}, forced to disk, renamed atomically to {@code KEY} and the directory forced, so
 * after a crash at any moment a key names either nothing or a complete file; {@link #sweepPending()}
 * removes the leftovers of interrupted writes at start-up (the recorder's start-up recovery calls it,
 * so it can report them). {@link #usedBytes()} is one walk at start, then counted.
 */
public final class LocalObjectStore implements ObjectStore {

    private static final String PENDING_SUFFIX = ".part";

    private final Path root;
    private final StoreMetrics metrics;
    private final AtomicLong used = new AtomicLong();
    /** Pending files this process still writes or may still commit: {@link #sweepPending()} keeps them. */
    private final Set<Path> open = ConcurrentHashMap.newKeySet();

    public LocalObjectStore(Path root) throws IOException {
        this(root, StoreMetrics.none(root.getFileName() == null ? "local" : root.getFileName().toString()));
    }

    public LocalObjectStore(Path root, StoreMetrics metrics) throws IOException {
        this.root = root.toAbsolutePath();
        this.metrics = metrics;
        Files.createDirectories(this.root);
        used.set(walkSize());
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public PendingObject create(String key) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path pending = target.resolveSibling(target.getFileName() + PENDING_SUFFIX);
        FileChannel channel = FileChannel.open(pending, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        open.add(pending);
        return new LocalPending(target, pending, channel);
    }

    @Override
    public InputStream read(String key, long offset, long length) throws IOException {
        Path file = resolve(key);
        return metrics.time("read", () -> {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                long size = channel.size();
                if (offset < 0 || length < 0 || offset + length > size) {
                    throw new IOException("range " + offset + "+" + length + " is outside " + key + " (" + size
                            + " bytes)");
                }
                channel.position(offset);
                InputStream whole = Channels.newInputStream(channel);
                return new BoundedInputStream(whole, length);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        });
    }

    @Override
    public long size(String key) throws IOException {
        Path file = resolve(key);
        return metrics.time("size", () -> Files.size(file));
    }

    @Override
    public boolean delete(String key) throws IOException {
        Path file = resolve(key);
        return metrics.time("delete", () -> {
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
        });
    }

    @Override
    public long usedBytes() {
        return used.get();
    }

    @Override
    public long usableBytes() throws IOException {
        return Files.getFileStore(root).getUsableSpace();
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        StorageKeys.checkPrefix(prefix);
        return metrics.time("list", () -> {
            if (!Files.isDirectory(root)) { // an empty store still has its root: without it, nothing is known
                throw new NoSuchFileException(root.toString(), null, "the storage directory is missing");
            }
            // Walk only the folder the prefix names (CAM/ or CAM/2026-…: the camera's folder).
            int slash = prefix.lastIndexOf('/');
            Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
            List<String> keys = new ArrayList<>();
            walk(start, (file, size) -> {
                String key = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                if (!key.endsWith(PENDING_SUFFIX) && key.startsWith(prefix)) {
                    keys.add(key);
                }
            });
            keys.sort(null);
            return keys;
        });
    }

    /** Deletes files of writes a crash interrupted (not those this process still holds); returns how many. */
    @Override
    public int sweepPending() throws IOException {
        return metrics.time("sweep", () -> {
            List<Path> pending = new ArrayList<>();
            walk(root, (file, size) -> {
                if (file.getFileName().toString().endsWith(PENDING_SUFFIX) && !open.contains(file)) {
                    pending.add(file);
                }
            });
            for (Path p : pending) {
                Files.deleteIfExists(p);
            }
            return pending.size();
        });
    }

    @Override
    public void probe() throws IOException {
        metrics.time("probe", () -> {
            if (!Files.isDirectory(root) || !Files.isWritable(root)) {
                throw new IOException("storage directory " + root + " is missing or not writable");
            }
            return null;
        });
    }

    private long walkSize() throws IOException {
        long[] total = {0};
        walk(root, (file, size) -> {
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
     * Visits every regular file under {@code start} (none when it does not exist). The recorder writes
     * while this runs: a file or folder that disappears between listing and reading (a pending file
     * renamed, a segment deleted by retention) is skipped, not an error.
     */
    private void walk(Path start, FileVisit visit) throws IOException {
        if (!Files.isDirectory(start)) {
            return;
        }
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
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
        return root.resolve(StorageKeys.check(key));
    }

    /**
     * Written to {@code KEY.part}; {@link #commit()} forces and renames it. A commit that failed (disk
     * error) may be called again: each step it completed is not repeated, the part file stays until
     * then or until {@link #close()}.
     */
    private final class LocalPending extends SpooledPending {
        private final Path target;

        LocalPending(Path target, Path pending, FileChannel channel) {
            super(target.toString(), pending, channel, metrics, true);
            this.target = target;
        }

        @Override
        void publish(long size) throws IOException {
            if (Files.exists(file)) { // not yet renamed by an earlier attempt
                long replaced = Files.isRegularFile(target) ? Files.size(target) : 0; // a key written again
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                used.addAndGet(size - replaced);
                open.remove(file);
            }
            forceDirectory(target.getParent());
        }

        @Override
        void discarded() {
            open.remove(file);
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
