package camcloud.device.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.protocol.v1.GapKind;
import camcloud.protocol.v1.StreamConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The events-only hold rule on scripted capture times: 10 frames per second (100 ms apart), a
 * keyframe every second, pre-roll 2 s, post-roll 1 s.
 */
class RecordingGateTest {

    private static final FormatSlot FORMAT = new FormatSlot(StreamConfig.newBuilder().setCodec("h264").build());
    private static final long FRAME = 100_000;
    private static final long SECOND = 1_000_000;

    private final List<ByteBuf> payloads = new ArrayList<>();
    private final RecordingGate gate = new RecordingGate();
    private final UploadBuffer buffer = new UploadBuffer(10_000_000);
    private long frame;

    @AfterEach
    void everyPayloadIsReleasedOnce() {
        buffer.close();
        assertThat(payloads).allSatisfy(p -> assertThat(p.refCnt()).isZero());
    }

    private long now() {
        return (frame - 1) * FRAME;
    }

    /** Frames up to (not including) capture time {@code untilMicros}; a keyframe on every whole second. */
    private void framesUntil(long untilMicros) {
        while (frame * FRAME < untilMicros) {
            ByteBuf payload = Unpooled.buffer(10).writeZero(10);
            payloads.add(payload);
            long capture = frame * FRAME;
            gate.admit(buffer, payload, capture % SECOND == 0, capture, capture / 1000, FORMAT);
            frame++;
        }
    }

    private List<BufferedUnit> sendAll() {
        List<BufferedUnit> out = new ArrayList<>();
        for (BufferedUnit u = buffer.nextUnsent(); u != null; u = buffer.nextUnsent()) {
            out.add(u);
            buffer.markSent();
        }
        return out;
    }

    private void eventsMode() {
        gate.mode(buffer, RecordingMode.EVENTS, Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    @Test
    void withNoEventNothingIsSentAndOnlyThePreRollFromAKeyframeIsHeldTheRestIsOneIdleRun() {
        eventsMode();
        framesUntil(10 * SECOND + 5 * FRAME); // now = 10.4 s: keep from the keyframe at 8 s (the newest at or before 8.4 s)

        assertThat(buffer.nextUnsent()).isNull();
        assertThat(buffer.heldUnits()).isEqualTo(25);
        DroppedRun idle = buffer.nextRipeIdleRun(0);
        assertThat(idle.kind).isEqualTo(GapKind.GAP_KIND_IDLE);
        assertThat(idle.firstSequence).isZero();
        assertThat(idle.lastSequence).isEqualTo(79);
        assertThat(idle.lastCaptureMicros).isEqualTo(79 * FRAME);
        assertThat(idle.toMessage().getKind()).isEqualTo(GapKind.GAP_KIND_IDLE);
        assertThat(buffer.stats(0).unitsDropped()).as("idle is not loss").isZero();
        assertThat(buffer.stats(0).unitsIdle()).isEqualTo(80);
    }

    @Test
    void anEventSendsTheHeldPreRollFromItsKeyframeThenLiveVideoUntilPostRollAfterItsEnd() {
        eventsMode();
        framesUntil(10 * SECOND + 5 * FRAME);
        gate.eventActive(buffer, true, now());
        framesUntil(13 * SECOND);
        gate.eventActive(buffer, false, now()); // ended at 12.9 s: the clip runs to 13.9 s
        framesUntil(20 * SECOND);

        List<BufferedUnit> clip = sendAll();
        assertThat(clip.get(0).keyframe()).isTrue();
        assertThat(clip.get(0).captureMicros()).as("at least the pre-roll before the event").isEqualTo(8 * SECOND);
        assertThat(clip.get(clip.size() - 1).captureMicros()).isEqualTo(13 * SECOND + 9 * FRAME);
        assertThat(clip).allMatch(u -> u.eventClip && !u.liveOnly);
        assertThat(clip).extracting(BufferedUnit::sequence).isSorted().doesNotHaveDuplicates()
                .hasSize(60); // 8.0 .. 13.9 s, every unit
        assertThat(buffer.nextUnsentGapBefore(clip.get(0).sequence()).kind).isEqualTo(GapKind.GAP_KIND_IDLE);
        assertThat(buffer.heldUnits()).as("held again after the post-roll, from a keyframe").isPositive();
    }

    @Test
    void anEventWhileWatchedNamesTheLiveKeyframeItsPreRollStartsAtAndGoesOnFromTheLiveVideo() {
        eventsMode();
        framesUntil(3 * SECOND + 5 * FRAME);
        gate.liveWanted(buffer, true, now());  // watched: what is held goes out live, from its keyframe
        framesUntil(6 * SECOND + 5 * FRAME);
        List<BufferedUnit> live = sendAll();
        assertThat(live.get(0).keyframe()).as("a picture at once").isTrue();
        assertThat(live.get(0).captureMicros()).isEqualTo(1 * SECOND);
        assertThat(live).allMatch(u -> u.liveOnly && !u.eventClip);
        gate.eventActive(buffer, true, now()); // at 6.4 s: the pre-roll (from 4.0 s) is at the cloud as live video
        framesUntil(7 * SECOND);

        List<BufferedUnit> clip = sendAll();
        assertThat(clip).allMatch(u -> u.eventClip && !u.liveOnly);
        assertThat(clip.get(0).sequence()).as("right after the live video").isEqualTo(live.get(live.size() - 1).sequence() + 1);
        assertThat(clip.get(0).clipFrom).as("the live keyframe at 4.0 s").isEqualTo(40);
        assertThat(clip.subList(1, clip.size())).allMatch(u -> u.clipFrom == -1);
    }

    @Test
    void aClipThatWouldStartMidGopStartsAtTheNextKeyframeInstead() {
        gate.mode(buffer, RecordingMode.EVENTS, Duration.ZERO, Duration.ZERO);
        framesUntil(5 * SECOND);
        gate.liveWanted(buffer, true, now());
        framesUntil(5 * SECOND + 5 * FRAME);
        gate.liveWanted(buffer, false, now()); // the viewer left mid-GOP, and an event starts at once
        sendAll();
        gate.eventActive(buffer, true, now());
        framesUntil(7 * SECOND);

        List<BufferedUnit> clip = sendAll();
        assertThat(clip.get(0).keyframe()).isTrue();
        assertThat(clip.get(0).captureMicros()).isEqualTo(6 * SECOND);
        assertThat(clip.get(0).clipFrom).isEqualTo(-1);
        assertThat(buffer.nextUnsentGapBefore(clip.get(0).sequence()).kind).isEqualTo(GapKind.GAP_KIND_IDLE);
    }

    @Test
    void switchingBackToContinuousSendsWhatIsHeldAndRecordsEverything() {
        eventsMode();
        framesUntil(5 * SECOND + 3 * FRAME);
        gate.mode(buffer, RecordingMode.CONTINUOUS, Duration.ofSeconds(5), Duration.ofSeconds(5));
        framesUntil(6 * SECOND);

        List<BufferedUnit> sent = sendAll();
        assertThat(sent.get(0).keyframe()).isTrue();
        assertThat(sent.get(0).captureMicros()).isEqualTo(3 * SECOND);
        assertThat(sent).allMatch(u -> !u.eventClip && !u.liveOnly);
        assertThat(buffer.heldUnits()).isZero();
    }

    @Test
    void anIdleRunIsReportedOnlyOnceItSpansTheReportTimeAndNeverBeforeUnsentVideo() {
        eventsMode();
        framesUntil(4 * SECOND);
        assertThat(buffer.nextRipeIdleRun(5 * SECOND)).as("2 s idle so far").isNull();
        framesUntil(9 * SECOND);
        DroppedRun ripe = buffer.nextRipeIdleRun(5 * SECOND);
        assertThat(ripe).isNotNull();
        ripe.sent = true;
        framesUntil(12 * SECOND);
        assertThat(buffer.nextRipeIdleRun(0).firstSequence).as("a new run after a sent one")
                .isEqualTo(ripe.lastSequence + 1);
    }

    @Test
    void badRollValuesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> RecordingGate.check(RecordingMode.EVENTS, Duration.ofSeconds(11), Duration.ZERO))
                .hasMessageContaining("recording.pre_roll_s 11");
        assertThatThrownBy(() -> RecordingGate.check(RecordingMode.EVENTS, Duration.ZERO, Duration.ofSeconds(61)))
                .hasMessageContaining("recording.post_roll_s 61");
        assertThatThrownBy(() -> RecordingMode.parse("sometimes")).hasMessageContaining("recording.mode sometimes");
    }
}
