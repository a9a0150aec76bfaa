package camcloud.device.uplink;

import camcloud.device.ring.RingFrame;
import camcloud.device.ring.RingReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's reader side of the shared-memory ring: takes the access units the video application
 * published and copies each one, once, into a buffer of its own, the upload buffer's. That copy is
 * the one unavoidable copy out of shared memory: the ring's writer never waits and overwrites its
 * oldest frames within a second or two, while a unit must stay until the cloud acknowledges it,
 * possibly minutes later. From here on the bytes are never copied again (they go to the TLS engine as
 * slices).
 *
 * <p>The ring may belong to another process that starts later or restarts: the intake attaches
 * lazily, never to a ring whose writer has already closed, and after attaching skips to the first
 * keyframe. Frames the ring overwrote before the agent got to them are reported as lost, so they
 * become a gap. Not thread-safe: one event loop.
 */
final class RingIntake implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RingIntake.class);

    /** What the intake feeds. */
    interface Sink {
        /** The next unit; the sink takes over the reference to {@code payload}. */
        void unit(ByteBuf payload, boolean keyframe, long captureMicros, long wallMillis);

        /** {@code count} frames were lost just before the unit captured at {@code nextCaptureMicros}. */
        void lost(long count, long nextCaptureMicros);
    }

    private final Path file;
    private final ByteBufAllocator alloc;
    private RingReader reader;
    private Object readerKey;
    private Object closedKey;
    private boolean awaitKeyframe;
    private long lostReported;
    private long lostTotal;
    private boolean complainedOnce;

    RingIntake(Path file, ByteBufAllocator alloc) {
        this.file = Objects.requireNonNull(file, "ring file");
        this.alloc = alloc;
    }

    /**
     * Moves up to {@code max} frames from the ring into {@code sink}, never blocking.
     *
     * @return how many frames were taken
     */
    int drainInto(Sink sink, int max) {
        if (reader == null && !attach()) {
            return 0;
        }
        int taken = 0;
        while (taken < max) {
            RingFrame frame = reader.poll();
            if (frame == null) {
                if (reader.writerClosed() && reader.backlog() == 0) {
                    log.info("video ring {} closed by its writer; waiting for a new one", file);
                    detach();
                }
                break;
            }
            taken++;
            if (awaitKeyframe && !frame.keyframe()) {
                reader.release(frame);
                continue;
            }
            ByteBuf copy = alloc.directBuffer(frame.length());
            copy.writeBytes(frame.payload()); // the one copy out of shared memory
            if (!reader.release(frame)) {
                copy.release(); // overwritten while copied: counted as lost by the reader
                continue;
            }
            awaitKeyframe = false;
            long lost = reader.lostFrames() - lostReported;
            if (lost > 0) {
                lostReported += lost;
                lostTotal += lost;
                sink.lost(lost, frame.captureMicros());
            }
            sink.unit(copy, frame.keyframe(), frame.captureMicros(), frame.wallClockMillis());
        }
        return taken;
    }

    /** Frames the ring overwrote before this agent read them. */
    long lostFrames() {
        return lostTotal;
    }

    boolean attached() {
        return reader != null;
    }

    private boolean attach() {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (key != null && key.equals(closedKey)) {
                return false;
            }
            RingReader opened = RingReader.open(file);
            if (opened.writerClosed()) {
                opened.close();
                closedKey = key;
                return false;
            }
            reader = opened;
            readerKey = key;
            lostReported = 0;
            awaitKeyframe = true;
            complainedOnce = false;
            log.debug("attached to video ring {}", file);
            return true;
        } catch (IOException | IllegalStateException e) {
            if (!complainedOnce) {
                complainedOnce = true;
                log.debug("video ring {} not ready yet: {}", file, e.getMessage());
            }
            return false;
        }
    }

    private void detach() {
        closedKey = readerKey;
        reader.close();
        reader = null;
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
