package camcloud.cloud.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data directory's file system has room: under {@code minFreeBytes} usable, the node is down
 * (SQLite, the recorder's local buffer and temporary files all write there; a full disk stops acks).
 */
public final class DiskSpaceCheck implements HealthCheck {

    /** Default minimum: 512 MiB free. */
    public static final long DEFAULT_MIN_FREE_BYTES = 512L << 20;

    private final Path dir;
    private final long minFreeBytes;

    public DiskSpaceCheck(Path dir, long minFreeBytes) {
        this.dir = dir;
        this.minFreeBytes = minFreeBytes;
    }

    @Override
    public Status check() {
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Status.down("data directory unreadable (" + e.getClass().getSimpleName() + ")");
        }
        String text = mib(free) + " MiB free";
        return free < minFreeBytes ? Status.down(text + ", under the minimum of " + mib(minFreeBytes) + " MiB")
                : Status.up(text);
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
