package camcloud.device.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.protocol.v1.StreamConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UploadBufferTest {

    private static final FormatSlot FORMAT = new FormatSlot(StreamConfig.newBuilder().setCodec("h264").build());

    private final List<ByteBuf> payloads = new ArrayList<>();

    @AfterEach
    void everyPayloadIsReleasedOnce() {
        assertThat(payloads).allSatisfy(p -> assertThat(p.refCnt()).isZero());
    }

    private void append(UploadBuffer buffer, boolean keyframe, int size, long capture) {
        ByteBuf payload = Unpooled.buffer(size).writeZero(size);
        payloads.add(payload);
        buffer.append(payload, keyframe, capture, capture / 1000, FORMAT);
    }

    /** GOPs of one 300-byte keyframe and four 100-byte P-frames: 700 bytes each. */
    private void appendGop(UploadBuffer buffer, long firstCapture) {
        append(buffer, true, 300, firstCapture);
        for (int i = 1; i <= 4; i++) {
            append(buffer, false, 100, firstCapture + i);
        }
    }

    private static List<Long> drainSequences(UploadBuffer buffer) {
        List<Long> sequences = new ArrayList<>();
        for (BufferedUnit u = buffer.nextUnsent(); u != null; u = buffer.nextUnsent()) {
            sequences.add(u.sequence());
            buffer.markSent();
        }
        return sequences;
    }

    @Test
    void whenFullTheOldestWholeGopIsDroppedAndRecordedAsOneGap() {
        try (UploadBuffer buffer = new UploadBuffer(1500)) {
            appendGop(buffer, 1000);   // 0..4
            appendGop(buffer, 2000);   // 5..9
            assertThat(buffer.bytes()).isEqualTo(1400);

            appendGop(buffer, 3000);   // 10..14: the keyframe does not fit, GOP 0..4 goes

            assertThat(buffer.bytes()).isLessThanOrEqualTo(1500).isEqualTo(1400);
            DroppedRun gap = buffer.nextUnsentGapBefore(Long.MAX_VALUE);
            assertThat(gap.firstSequence).isZero();
            assertThat(gap.lastSequence).isEqualTo(4);
            assertThat(gap.firstCaptureMicros).isEqualTo(1000);
            assertThat(gap.lastCaptureMicros).isEqualTo(1004);
            assertThat(gap.reason).isEqualTo(UploadBuffer.REASON_FULL);
            assertThat(buffer.nextUnsent().sequence()).isEqualTo(5);
            assertThat(buffer.nextUnsent().keyframe()).isTrue();
            assertThat(drainSequences(buffer)).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
            UplinkStats stats = buffer.stats(0);
            assertThat(stats.unitsDropped()).isEqualTo(5);
            assertThat(stats.gaps()).isEqualTo(1);
        }
    }

    @Test
    void whenTheOnlyGopIsDroppedTheRestOfItIsDroppedUntilTheNextKeyframe() {
        try (UploadBuffer buffer = new UploadBuffer(500)) {
            append(buffer, true, 300, 1);   // 0
            append(buffer, false, 100, 2);  // 1
            append(buffer, false, 100, 3);  // 2  -> 500 bytes, full
            append(buffer, false, 100, 4);  // 3  does not fit: its own GOP goes, and it too
            append(buffer, false, 100, 5);  // 4  undecodable without the keyframe: dropped
            append(buffer, true, 300, 6);   // 5  a new GOP starts
            append(buffer, false, 100, 7);  // 6

            assertThat(buffer.units()).isEqualTo(2);
            assertThat(buffer.bytes()).isEqualTo(400);
            DroppedRun gap = buffer.nextUnsentGapBefore(Long.MAX_VALUE);
            assertThat(gap.firstSequence).isZero();
            assertThat(gap.lastSequence).isEqualTo(4);
            assertThat(gap.firstCaptureMicros).isEqualTo(1);
            assertThat(gap.lastCaptureMicros).isEqualTo(5);
            assertThat(drainSequences(buffer)).containsExactly(5L, 6L);
        }
    }

    @Test
    void unitsBeforeTheFirstKeyframeAreSkippedWithoutSequenceNumbers() {
        try (UploadBuffer buffer = new UploadBuffer(10_000)) {
            append(buffer, false, 100, 1);
            append(buffer, false, 100, 2);
            appendGop(buffer, 3);

            assertThat(drainSequences(buffer)).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(buffer.stats(0).unitsSkipped()).isEqualTo(2);
            assertThat(buffer.nextUnsentGapBefore(Long.MAX_VALUE)).isNull();
        }
    }

    @Test
    void anAcknowledgementReleasesUnitsAndGapsUpToIt() {
        try (UploadBuffer buffer = new UploadBuffer(1500)) {
            appendGop(buffer, 1000);
            appendGop(buffer, 2000);
            appendGop(buffer, 3000);     // drops 0..4
            drainSequences(buffer);

            buffer.acknowledge(9);

            assertThat(buffer.units()).isEqualTo(5);
            assertThat(buffer.bytes()).isEqualTo(700);
            assertThat(buffer.nextUnsentGapBefore(Long.MAX_VALUE)).isNull();
            assertThat(buffer.stats(0).unitsAcked()).isEqualTo(5);
        }
    }

    @Test
    void anAcknowledgementBeyondTheLastNumberedUnitIsClampedToIt() {
        try (UploadBuffer buffer = new UploadBuffer(1500)) {
            appendGop(buffer, 1000);
            buffer.acknowledge(Long.MAX_VALUE);
            assertThat(buffer.units()).isZero();
            appendGop(buffer, 2000);
            assertThat(buffer.units()).isEqualTo(5);
            assertThat(buffer.nextUnsent().sequence()).isEqualTo(5);
        }
    }

    @Test
    void aNewSessionSendsEveryUnacknowledgedUnitAgainInOrder() {
        try (UploadBuffer buffer = new UploadBuffer(10_000)) {
            appendGop(buffer, 1000);
            appendGop(buffer, 2000);
            assertThat(drainSequences(buffer)).hasSize(10);
            buffer.acknowledge(4);

            buffer.restartSession();
            appendGop(buffer, 3000);

            assertThat(drainSequences(buffer)).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
            UplinkStats stats = buffer.stats(0);
            assertThat(stats.unitsSent()).isEqualTo(20);
            assertThat(stats.unitsResent()).isEqualTo(5);
        }
    }

    @Test
    void gapsAreSentAgainInANewSessionUntilAnAcknowledgementPassesThem() {
        try (UploadBuffer buffer = new UploadBuffer(1500)) {
            appendGop(buffer, 1000);
            appendGop(buffer, 2000);
            appendGop(buffer, 3000);     // drops 0..4
            DroppedRun gap = buffer.nextUnsentGapBefore(5);
            gap.sent = true;
            assertThat(buffer.nextUnsentGapBefore(Long.MAX_VALUE)).isNull();

            buffer.restartSession();

            assertThat(buffer.nextUnsentGapBefore(5)).isSameAs(gap);
        }
    }

    @Test
    void framesLostInTheRingGetNumbersAGapAndTakeTheRestOfTheirGop() {
        try (UploadBuffer buffer = new UploadBuffer(10_000)) {
            appendGop(buffer, 1000);                 // 0..4, last capture 1004
            buffer.lost(3, 1008, "ring overrun");    // 5..7
            append(buffer, false, 100, 1008);        // 8: its GOP's keyframe is gone
            append(buffer, true, 300, 1009);         // 9

            DroppedRun gap = buffer.nextUnsentGapBefore(Long.MAX_VALUE);
            assertThat(gap.firstSequence).isEqualTo(5);
            assertThat(gap.lastSequence).isEqualTo(8);
            assertThat(gap.firstCaptureMicros).isEqualTo(1005);
            assertThat(gap.lastCaptureMicros).isEqualTo(1008);
            assertThat(gap.reason).isEqualTo("ring overrun");
            assertThat(buffer.nextUnsentGapBefore(5)).isNull(); // sent after unit 4, before unit 9
            assertThat(drainSequences(buffer)).containsExactly(0L, 1L, 2L, 3L, 4L, 9L);
            assertThat(buffer.stats(0).unitsDropped()).isEqualTo(4);
        }
    }

    @Test
    void aUnitLargerThanTheWholeBufferIsDroppedWithItsGop() {
        try (UploadBuffer buffer = new UploadBuffer(500)) {
            append(buffer, true, 600, 1);    // 0
            append(buffer, false, 100, 2);   // 1
            append(buffer, true, 300, 3);    // 2

            DroppedRun gap = buffer.nextUnsentGapBefore(Long.MAX_VALUE);
            assertThat(gap.firstSequence).isZero();
            assertThat(gap.lastSequence).isEqualTo(1);
            assertThat(drainSequences(buffer)).containsExactly(2L);
        }
    }

    @Test
    void theBufferNeverHoldsMoreThanItsBoundWhateverComes() {
        long bound = 2_000;
        try (UploadBuffer buffer = new UploadBuffer(bound)) {
            java.util.Random random = new java.util.Random(7);
            for (int i = 0; i < 2_000; i++) {
                boolean keyframe = random.nextInt(8) == 0;
                append(buffer, keyframe, keyframe ? 200 + random.nextInt(900) : 1 + random.nextInt(300), i);
                assertThat(buffer.bytes()).isLessThanOrEqualTo(bound);
                if (random.nextInt(50) == 0) {
                    buffer.acknowledge(buffer.nextSequence() - 1 - random.nextInt(20));
                }
            }
            UplinkStats stats = buffer.stats(0);
            assertThat(stats.unitsRead()).isEqualTo(stats.unitsAcked() + stats.unitsDropped() + stats.bufferedUnits());
        }
    }
}
