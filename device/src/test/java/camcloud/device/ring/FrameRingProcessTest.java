package camcloud.device.ring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Writer and reader of one ring in two JVM processes, each direction. */
class FrameRingProcessTest {

    private static final int FRAMES = 20_000;
    private static final int MAX_FRAME = 60_000;

    @TempDir
    Path dir;

    @Test
    void readerInThisProcessGetsIntactFramesFromWriterInAnother() throws Exception {
        Path file = dir.resolve("cam.ring");
        try (ChildJvm writer = ChildJvm.start(RingWriterProcess.class, file.toString(), "256",
                String.valueOf(1 << 20), String.valueOf(FRAMES), String.valueOf(MAX_FRAME), "200")) {
            assertThat(writer.readLine()).isEqualTo("READY");
            try (RingReader reader = RingReader.open(file)) {
                writer.send("GO");
                ReadTally tally = ReadTally.readAll(reader, MAX_FRAME, 0,
                        new RingIdle(TimeUnit.MICROSECONDS.toNanos(100)));

                System.out.printf("two processes, reader here: received %d, lost %d, discarded after release %d%n",
                        tally.received, reader.lostFrames(), tally.discarded);
                assertThat(writer.readLine()).isEqualTo("DONE " + FRAMES);
                assertThat(writer.waitExit()).isZero();
                assertThat(tally.corrupt).as("frames that passed release but were not intact").isZero();
                assertThat(tally.received).isPositive();
                assertThat(reader.nextSequence()).isEqualTo(FRAMES);
                assertThat(reader.lostFrames()).as("loss counter against the gaps in sequence")
                        .isEqualTo(tally.gaps);
                assertThat(tally.received + reader.lostFrames()).isEqualTo(FRAMES);
            }
        }
    }

    @Test
    void slowReaderInAnotherProcessLosesWholeFramesAndCountsThem() throws Exception {
        Path file = dir.resolve("cam.ring");
        RingWriter writer = RingWriter.create(file, 64, 256 * 1024);
        try (ChildJvm reader = ChildJvm.start(RingReaderProcess.class, file.toString(), "16000", "20")) {
            assertThat(reader.readLine()).isEqualTo("READY");
            for (int sequence = 0; sequence < FRAMES; sequence++) {
                writer.append(FramePattern.frame(sequence, 16_000), false, sequence, sequence);
                if (sequence % 500 == 499) {
                    Thread.sleep(1);
                }
            }
            writer.close();

            String[] figures = reader.readLine().split(" ");
            assertThat(reader.waitExit()).isZero();
            long received = Long.parseLong(figures[0]);
            long lost = Long.parseLong(figures[1]);
            long gaps = Long.parseLong(figures[2]);
            long corrupt = Long.parseLong(figures[3]);
            long next = Long.parseLong(figures[4]);
            System.out.printf("two processes, slow reader there: received %d, lost %d%n", received, lost);
            assertThat(corrupt).isZero();
            assertThat(received).isPositive();
            assertThat(next).isEqualTo(FRAMES);
            assertThat(lost).isEqualTo(gaps);
            assertThat(received + lost).isEqualTo(FRAMES);
        }
    }
}
