package camcloud.device.ring;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child process of {@link FrameRingProcessTest}: attaches to a ring, says READY, reads until the
 * writer closes it and prints its accounting: {@code received lost gaps corrupt nextSequence}.
 * Arguments: file maxFrameBytes sleepEvery (sleep 2 ms every that many frames, 0 = never).
 */
public final class RingReaderProcess {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int maxBytes = Integer.parseInt(args[1]);
        int sleepEvery = Integer.parseInt(args[2]);
        try (RingReader reader = RingReader.open(file)) {
            System.out.println("READY");
            System.out.flush();
            ReadTally tally = ReadTally.readAll(reader, maxBytes, sleepEvery,
                    new RingIdle(TimeUnit.MILLISECONDS.toNanos(1)));
            System.out.println(tally.received + " " + reader.lostFrames() + " " + tally.gaps + " " + tally.corrupt
                    + " " + reader.nextSequence());
        }
    }
}
