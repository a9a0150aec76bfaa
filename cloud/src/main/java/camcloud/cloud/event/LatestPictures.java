package camcloud.cloud.event;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Each camera's latest picture as a JPEG, for a grid of cameras that should not open a live stream
 * per card: decoded from the camera's newest keyframe ({@link LatestKeyframes}) on a small pool of
 * {@code threads} with a bounded queue, and cached per camera for {@code maxAgeMillis} — many pages
 * refreshing the same grid cost one decode per camera per period. Requests for a camera whose decode
 * is under way share it. When the pool's queue is full the answer is {@link Busy} at once; nothing
 * waits on a thread of the caller's.
 */
public final class LatestPictures implements AutoCloseable {

    /** What a request for a camera's picture found. */
    public sealed interface Answer permits Found, None, Busy {
    }

    /** The JPEG of the keyframe at {@code timeMicros} on the camera's timeline. */
    public record Found(byte[] jpeg, long timeMicros, int width, int height) implements Answer {
    }

    /** No picture, and why (shown to the caller). */
    public record None(String reason) implements Answer {
    }

    /** Too many pictures are being decoded: retry shortly. */
    public record Busy() implements Answer {
    }

    private record Cached(LatestKeyframes.Keyframe source, Found picture, long madeNanos) {
    }

    private final LatestKeyframes keyframes;
    private final long maxAgeNanos;
    private final LongSupplier nanoClock;
    private final ThreadPoolExecutor pool;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Answer>> decoding = new ConcurrentHashMap<>();
    private final AtomicLong decodes = new AtomicLong();

    public LatestPictures(LatestKeyframes keyframes, int threads, int queue, long maxAgeMillis) {
        this(keyframes, threads, queue, maxAgeMillis, System::nanoTime);
    }

    LatestPictures(LatestKeyframes keyframes, int threads, int queue, long maxAgeMillis, LongSupplier nanoClock) {
        if (threads < 1 || queue < 1 || maxAgeMillis < 0) {
            throw new IllegalArgumentException("snapshot decoding needs at least 1 thread and 1 queue place, and a "
                    + "cache age of 0 ms or more: threads " + threads + ", queue " + queue + ", age " + maxAgeMillis);
        }
        this.keyframes = keyframes;
        this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(maxAgeMillis);
        this.nanoClock = nanoClock;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "snapshot-decoder-" + n.incrementAndGet());
                    t.setDaemon(true);
                    t.setPriority(Thread.NORM_PRIORITY - 1);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** How long a picture is served from the cache, in seconds (for {@code Cache-Control: max-age}). */
    public long maxAgeSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(maxAgeNanos);
    }

    /** Where the camera's newest keyframe sits on its timeline, if it has one (checked before decoding). */
    public Optional<Long> keyframeTime(String serial) {
        return keyframes.of(serial).map(LatestKeyframes.Keyframe::timeMicros);
    }

    /** The camera's latest picture; completes on a decoding thread (or at once from the cache). */
    public CompletableFuture<Answer> of(String serial) {
        Optional<LatestKeyframes.Keyframe> newest = keyframes.of(serial);
        if (newest.isEmpty()) {
            return CompletableFuture.completedFuture(new None("the camera has sent no video since this node started"));
        }
        Cached cached = cache.get(serial);
        if (cached != null && (cached.source() == newest.get()
                || nanoClock.getAsLong() - cached.madeNanos() < maxAgeNanos)) {
            return CompletableFuture.completedFuture(cached.picture());
        }
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> running = decoding.putIfAbsent(serial, mine);
        if (running != null) {
            return running;
        }
        LatestKeyframes.Keyframe k = newest.get();
        try {
            pool.execute(() -> {
                try {
                    mine.complete(decode(serial, k));
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                } finally {
                    decoding.remove(serial, mine);
                }
            });
        } catch (RejectedExecutionException e) {
            decoding.remove(serial, mine);
            mine.complete(new Busy());
        }
        return mine;
    }

    private Answer decode(String serial, LatestKeyframes.Keyframe k) {
        try {
            byte[] jpeg = KeyframeDecoder.toJpeg(k.format().sps(), k.format().pps(), k.annexB(), k.format().width(),
                    k.format().height());
            decodes.incrementAndGet();
            Found found = new Found(jpeg, k.timeMicros(), k.format().width(), k.format().height());
            cache.put(serial, new Cached(k, found, nanoClock.getAsLong()));
            return found;
        } catch (IOException e) {
            return new None("the camera's latest keyframe does not decode");
        }
    }

    /** Keyframes decoded so far (the cache serves the rest). */
    public long decodes() {
        return decodes.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
