package camcloud.device.ring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One writer and one reader of a ring in this process: contents, header fields, loss, bad settings. */
class FrameRingTest {

    @TempDir
    Path dir;

    @Test
    void readerGetsEveryFrameWithItsHeaderWhenItKeepsUp() throws Exception {
        try (RingWriter writer = RingWriter.create(dir.resolve("r"), 16, 64 * 1024);
             RingReader reader = RingReader.open(dir.resolve("r"))) {
            assertThat(reader.poll()).isNull();
            for (int sequence = 0; sequence < 1000; sequence++) {
                writer.append(FramePattern.frame(sequence, 9000), sequence % 10 == 0, 1_000L * sequence,
                        1_700_000_000_000L + sequence);
                RingFrame frame = reader.poll();
                assertThat(frame.sequence()).isEqualTo(sequence);
                assertThat(frame.keyframe()).isEqualTo(sequence % 10 == 0);
                assertThat(frame.captureMicros()).isEqualTo(1_000L * sequence);
                assertThat(frame.wallClockMillis()).isEqualTo(1_700_000_000_000L + sequence);
                assertThat(frame.payload().isReadOnly()).isTrue();
                assertThat(FramePattern.intact(frame.payload(), sequence, 9000)).isTrue();
                assertThat(reader.release(frame)).isTrue();
                assertThat(reader.poll()).isNull();
            }
            assertThat(reader.lostFrames()).isZero();
            assertThat(reader.framesRead()).isEqualTo(1000);
        }
    }

    @Test
    void slowReaderLosesTheOldestWholeFramesWhenSlotsRunOut() throws Exception {
        try (RingWriter writer = RingWriter.create(dir.resolve("r"), 16, 1 << 20);
             RingReader reader = RingReader.open(dir.resolve("r"))) {
            for (int sequence = 0; sequence < 100; sequence++) {
                writer.append(FramePattern.frame(sequence, 100), false, sequence, sequence);
            }
            for (int sequence = 84; sequence < 100; sequence++) {
                RingFrame frame = reader.poll();
                assertThat(frame.sequence()).isEqualTo(sequence);
                assertThat(FramePattern.intact(frame.payload(), sequence, 100)).isTrue();
                assertThat(reader.release(frame)).isTrue();
            }
            assertThat(reader.poll()).isNull();
            assertThat(reader.lostFrames()).isEqualTo(84);
        }
    }

    @Test
    void slowReaderLosesTheOldestWholeFramesWhenBytesRunOut() throws Exception {
        try (RingWriter writer = RingWriter.create(dir.resolve("r"), 1024, 64 * 1024);
             RingReader reader = RingReader.open(dir.resolve("r"))) {
            ByteBuffer tenKilobytes = ByteBuffer.allocate(10_000);
            for (int sequence = 0; sequence < 50; sequence++) {
                tenKilobytes.putLong(0, sequence);
                writer.append(tenKilobytes, false, sequence, sequence);
            }
            long oldest = writer.oldestSequence();
            assertThat(oldest).isBetween(43L, 45L); // 6 frames of 10 000 bytes fit in 65 536, padding aside
            for (long sequence = oldest; sequence < 50; sequence++) {
                RingFrame frame = reader.poll();
                assertThat(frame.sequence()).isEqualTo(sequence);
                assertThat(frame.payload().getLong(0)).isEqualTo(sequence);
                assertThat(reader.release(frame)).isTrue();
            }
            assertThat(reader.lostFrames()).isEqualTo(oldest);
        }
    }

    @Test
    void frameOverwrittenWhileHeldFailsReleaseAndCountsAsLost() throws Exception {
        try (RingWriter writer = RingWriter.create(dir.resolve("r"), 4, 64 * 1024);
             RingReader reader = RingReader.open(dir.resolve("r"))) {
            writer.append(FramePattern.frame(0, 100), true, 0, 0);
            RingFrame held = reader.poll();
            for (int sequence = 1; sequence < 10; sequence++) {
                writer.append(FramePattern.frame(sequence, 100), false, sequence, sequence);
            }
            assertThat(reader.release(held)).isFalse();
            assertThat(reader.lostFrames()).isEqualTo(1);
            assertThat(reader.poll().sequence()).isEqualTo(6);
            assertThat(reader.lostFrames()).isEqualTo(6);
        }
    }

    @Test
    void frameLargerThanTheRingAllowsFailsNamingTheLimit() throws Exception {
        try (RingWriter writer = RingWriter.create(dir.resolve("r"), 16, 64 * 1024)) {
            assertThat(writer.maxFrameBytes()).isEqualTo(16 * 1024);
            writer.append(ByteBuffer.allocate(16 * 1024), true, 0, 0);
            assertThatThrownBy(() -> writer.append(ByteBuffer.allocate(16 * 1024 + 1), true, 0, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("16385 bytes")
                    .hasMessageContaining("maxFrameBytes 16384");
        }
    }

    @Test
    void badSettingsFailNamingTheSettingAndValue() {
        assertThatThrownBy(() -> RingWriter.create(dir.resolve("r"), 1000, 64 * 1024))
                .hasMessageContaining("slotCount").hasMessageContaining("1000");
        assertThatThrownBy(() -> RingWriter.create(dir.resolve("r"), 16, 100))
                .hasMessageContaining("capacityBytes").hasMessageContaining("100");
    }

    @Test
    void readerRefusesAFileThatIsNotARing() throws Exception {
        Path notARing = Files.write(dir.resolve("x"), new byte[4096]);
        assertThatThrownBy(() -> RingReader.open(notARing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a frame ring");
    }

    @Test
    void readerSeesTheWriterClose() throws Exception {
        RingWriter writer = RingWriter.create(dir.resolve("r"), 16, 64 * 1024);
        try (RingReader reader = RingReader.open(dir.resolve("r"))) {
            assertThat(reader.writerClosed()).isFalse();
            writer.close();
            assertThat(reader.writerClosed()).isTrue();
            assertThatThrownBy(() -> writer.append(ByteBuffer.allocate(1), false, 0, 0))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
