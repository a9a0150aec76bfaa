package camcloud.device.flash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chip contents a sparse flash file is stored against (typically a model's factory image): a
 * read-only file next to the flash files, named after its SHA-256, mapped once per process and
 * shared by every chip (and, through the page cache, by every process) that uses it. A fleet of
 * cameras that left the factory together costs one image on disk, plus what each camera wrote
 * since (identity, config, updates).
 */
final class BaseImage {

    private static final String PREFIX = "flash-base-";
    private static final String SUFFIX = ".img";
    private static final Map<Path, ByteBuffer> MAPPED = new ConcurrentHashMap<>();

    private BaseImage() {
    }

    /** Writes {@code image} next to {@code flashFile} unless it is there already; returns its file name. */
    static String store(Path flashFile, byte[] image) throws IOException {
        String name = PREFIX + sha256(image) + SUFFIX;
        Path file = flashFile.toAbsolutePath().resolveSibling(name);
        if (!Files.exists(file)) {
            Path temp = Files.createTempFile(file.getParent(), PREFIX, ".tmp");
            try {
                Files.write(temp, image);
                try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    c.force(true);
                }
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        }
        return name;
    }

    /**
     * The bytes of base {@code name} next to {@code flashFile}, mapped read-only (the descriptor is
     * closed at once); checked against the hash in its name the first time a process maps it.
     */
    static ByteBuffer load(Path flashFile, String name, long size) throws IOException {
        Path file = flashFile.toAbsolutePath().resolveSibling(name);
        ByteBuffer mapped = MAPPED.get(file);
        if (mapped == null) {
            if (!Files.isRegularFile(file)) {
                throw new IOException(flashFile + " is stored against the base image " + name
                        + ", which is not next to it: copy it along with the flash files");
            }
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
                mapped = c.map(FileChannel.MapMode.READ_ONLY, 0, c.size());
            }
            byte[] all = new byte[mapped.capacity()];
            mapped.get(0, all);
            if (!name.equals(PREFIX + sha256(all) + SUFFIX)) {
                throw new IOException("base image " + file + " does not match its name: damaged");
            }
            MAPPED.putIfAbsent(file, mapped);
            mapped = MAPPED.get(file);
        }
        if (mapped.capacity() != size) {
            throw new IOException("base image " + name + " holds " + mapped.capacity() + " bytes, the chip " + size);
        }
        return mapped;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("no SHA-256 in this JVM", e));
        }
    }
}
