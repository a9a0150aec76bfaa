package camcloud.device.video;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The clock bands of one picture size, shared by every camera of that size in the process. A band
 * is encoded once per label (a second): ahead of time, when the first camera to show a second asks
 * for the next one to be {@linkplain #prefetch prefetched} on the process's one band-encoder thread,
 * or, if that has not finished (a camera's first frame, a wall clock that jumped), by the first camera
 * that needs it while the others that need it at that moment wait for that one encode. Cameras'
 * clocks agree to within a frame or two, so at any moment they want one or two labels; the cache
 * keeps the {@value #KEPT} most recently used, enough for a camera whose wall clock is a few seconds
 * off.
 *
 * <p>So the clock costs one band encode per second per picture size, however many cameras show it,
 * and it is normally done before the second begins, off the cameras' clock threads. Thread-safe.
 */
final class ClockBandCache {

    static final int KEPT = 8;

    private final ClockBand band;
    private final Map<String, CompletableFuture<CodedSlice>> recent =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<CodedSlice>> eldest) {
                    return size() > KEPT;
                }
            };

    ClockBandCache(PictureSplit split) {
        this.band = new ClockBand(split);
    }

    /** The band showing {@code label}, encoding it if nobody has yet (blocking until done). */
    CodedSlice slice(String label) {
        CompletableFuture<CodedSlice> mine = new CompletableFuture<>();
        CompletableFuture<CodedSlice> existing;
        synchronized (recent) {
            existing = recent.putIfAbsent(label, mine);
        }
        if (existing != null) {
            return existing.join();
        }
        encode(label, mine);
        return mine.join();
    }

    /** Starts encoding the band showing {@code label} in the background, unless it is here or under way. */
    void prefetch(String label) {
        CompletableFuture<CodedSlice> mine = new CompletableFuture<>();
        synchronized (recent) {
            if (recent.putIfAbsent(label, mine) != null) {
                return;
            }
        }
        Encoder.THREAD.execute(() -> encode(label, mine));
    }

    private void encode(String label, CompletableFuture<CodedSlice> into) {
        try {
            into.complete(band.encode(label));
        } catch (RuntimeException | Error e) {
            synchronized (recent) {
                recent.remove(label, into);
            }
            into.completeExceptionally(e);
        }
    }

    /** The process's band-encoder thread, started when first needed; a daemon, it never holds the JVM up. */
    private static final class Encoder {
        static final Executor THREAD = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "clock-band-encoder");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Bands held now. */
    int size() {
        synchronized (recent) {
            return recent.size();
        }
    }
}
