package camcloud.device.video;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encoded loops and clock bands shared by every synthetic camera of a process: a loop is encoded
 * once per (settings, scene variant) and replayed by all cameras that ask for it, and the clock band
 * for a second is encoded once per picture size ({@link ClockBandCache}), so a process can run
 * thousands of virtual cameras at the cost of a handful of encodes plus one small one a second.
 * Concurrent requests for the same loop wait for the one encode in progress. Loops are kept for the
 * life of the cache: a process uses few distinct settings and {@link #SCENE_VARIANTS} variants of each.
 */
public final class EncodedLoopCache {

    /** Distinct scenes per settings: a camera's seed picks one, so neighbours rarely look alike. */
    public static final int SCENE_VARIANTS = 4;

    private static final EncodedLoopCache SHARED = new EncodedLoopCache();

    private record Key(SceneSettings settings, int variant) {
    }

    private final Map<Key, CompletableFuture<EncodedLoop>> loops = new ConcurrentHashMap<>();
    private final Map<PictureSplit, ClockBandCache> clockBands = new ConcurrentHashMap<>();

    /** The process-wide cache that {@link SyntheticVideoSource} uses by default. */
    public static EncodedLoopCache shared() {
        return SHARED;
    }

    /** The loop for these settings and variant, encoding it if nobody has yet (blocking until done). */
    public EncodedLoop loop(SceneSettings settings, int variant) {
        if (variant < 0 || variant >= SCENE_VARIANTS) {
            throw new IllegalArgumentException("scene variant must be in [0, " + SCENE_VARIANTS + "), was " + variant);
        }
        Key key = new Key(settings, variant);
        CompletableFuture<EncodedLoop> mine = new CompletableFuture<>();
        CompletableFuture<EncodedLoop> existing = loops.putIfAbsent(key, mine);
        if (existing != null) {
            return existing.join();
        }
        try {
            mine.complete(EncodedLoop.encode(settings, variant));
        } catch (RuntimeException | Error e) {
            loops.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        return mine.join();
    }

    /** The clock bands of pictures cut as {@code split}, shared by every camera of that size. */
    ClockBandCache clockBands(PictureSplit split) {
        return clockBands.computeIfAbsent(split, ClockBandCache::new);
    }

    /** Loops encoded (or being encoded) so far. */
    public int size() {
        return loops.size();
    }
}
