package camcloud.device.ring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression guard for torn frames: a writer laps readers on a tiny ring as fast as it can, so
 * payloads are overwritten while readers verify them in place. Any frame that passes
 * {@link RingReader#release} must be intact. Bounded work, no timing.
 */
class TornFrameStressTest {

    private static final int FRAMES = 300_000;
    private static final int MAX_FRAME = 8_000;

    @TempDir
    Path dir;

    @Test
    void noFrameThatPassesReleaseIsTorn() throws Exception {
        Path file = dir.resolve("stress.ring");
        ExecutorService threads = Executors.newFixedThreadPool(3);
        RingWriter writer = RingWriter.create(file, 32, 32 * 1024);
        try {
            List<Future<ReadTally>> readers = new ArrayList<>();
            List<RingReader> opened = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                RingReader reader = RingReader.open(file);
                opened.add(reader);
                readers.add(threads.submit(() -> ReadTally.readAll(reader, MAX_FRAME, 0,
                        new RingIdle(TimeUnit.MICROSECONDS.toNanos(10)))));
            }
            Future<?> written = threads.submit(() -> {
                for (int sequence = 0; sequence < FRAMES; sequence++) {
                    writer.append(FramePattern.frame(sequence, MAX_FRAME), false, sequence, sequence);
                }
                writer.close();
                return null;
            });
            written.get(2, TimeUnit.MINUTES);
            long discardedTotal = 0;
            for (int i = 0; i < readers.size(); i++) {
                ReadTally tally = readers.get(i).get(2, TimeUnit.MINUTES);
                RingReader reader = opened.get(i);
                assertThat(tally.corrupt).as("torn frames that passed release").isZero();
                assertThat(tally.received).isPositive();
                assertThat(reader.lostFrames()).isEqualTo(tally.gaps);
                assertThat(tally.received + reader.lostFrames()).isEqualTo(FRAMES);
                discardedTotal += tally.discarded;
            }
            System.out.println("torn-race stress: frames overwritten while read and discarded: " + discardedTotal);
        } finally {
            threads.shutdownNow();
        }
    }
}
