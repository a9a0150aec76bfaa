package camcloud.cloud.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.LogCapture;
import camcloud.cloud.recording.RecorderSettings;
import camcloud.cloud.retention.RetentionSettings;
import camcloud.device.identity.CameraIdentity;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.MediaUnit;
import camcloud.protocol.v1.StreamConfig;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad media from one camera — corrupt NAL units, garbage, media before its StreamConfig, a broken or
 * missing SPS/PPS, a frame over the limit, a flood — closes that camera's connection with a clear
 * Goodbye and a WARN naming it; a second camera streaming at the same time keeps recording.
 */
class BadMediaTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final TestVideo VIDEO = TestVideo.of(250, 25);

    @TempDir
    static Path dir;
    static RecordingNode node;

    interface Misbehaviour {
        void run(ScriptedCamera camera) throws Exception;
    }

    @BeforeAll
    static void start() throws Exception {
        node = RecordingNode.start(dir, RecorderSettings.DEFAULT.withSegmentMicros(1_000_000)
                .withReconnectGraceMillis(60_000), new RetentionSettings(0, 0, 0, 0, 3600), new MediaLimits(100, 4_000_000));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void corruptNalUnitHeader() throws Exception {
        Goodbye bye = misbehave(true, camera -> camera.unit(0, 0, 0, true,
                new byte[] {0, 0, 0, 1, (byte) 0xE5, 1, 2, 3, 4}));
        assertThat(bye.getReason()).isEqualTo(Goodbye.Reason.REASON_PROTOCOL_ERROR);
        assertThat(bye.getDetail()).contains("corrupt H.264 in unit 0").contains("forbidden_zero_bit");
    }

    @Test
    void bytesThatAreNotAnnexB() throws Exception {
        Goodbye bye = misbehave(true, camera -> camera.unit(0, 0, 0, true, new byte[] {0x47, 0x11, 0x22, 0x33}));
        assertThat(bye.getDetail()).contains("corrupt H.264").contains("before the first start code");
    }

    @Test
    void unitWithoutASlice() throws Exception {
        Goodbye bye = misbehave(true, camera -> camera.unit(0, 0, 0, true, new byte[] {0, 0, 1, 0x09, (byte) 0xF0}));
        assertThat(bye.getDetail()).contains("no slice");
    }

    @Test
    void mediaBeforeStreamConfig() throws Exception {
        Goodbye bye = misbehave(false, camera -> camera.unit(0, 0, 0, true, VIDEO.frame(0)));
        assertThat(bye.getReason()).isEqualTo(Goodbye.Reason.REASON_PROTOCOL_ERROR);
        assertThat(bye.getDetail()).isEqualTo("MediaUnit before StreamConfig");
    }

    @Test
    void spsThatIsGarbage() throws Exception {
        Goodbye bye = misbehave(false, camera -> camera.config(StreamConfig.newBuilder().setCodec("h264")
                .setSps(ByteString.copyFrom(new byte[] {0x67, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01}))
                .setPps(ByteString.copyFrom(VIDEO.pps())).build()));
        assertThat(bye.getDetail()).startsWith("bad StreamConfig: SPS/PPS do not parse");
    }

    @Test
    void missingPps() throws Exception {
        Goodbye bye = misbehave(false, camera -> camera.config(StreamConfig.newBuilder().setCodec("h264")
                .setSps(ByteString.copyFrom(VIDEO.sps())).build()));
        assertThat(bye.getDetail()).isEqualTo("bad StreamConfig: StreamConfig has no PPS");
    }

    @Test
    void unknownCodec() throws Exception {
        Goodbye bye = misbehave(false, camera -> camera.config(StreamConfig.newBuilder().setCodec("h265")
                .setSps(ByteString.copyFrom(VIDEO.sps())).setPps(ByteString.copyFrom(VIDEO.pps())).build()));
        assertThat(bye.getDetail()).contains("codec 'h265' is not supported");
    }

    @Test
    void frameOverTheLimit() throws Exception {
        Goodbye bye = misbehave(true, camera -> camera.raw(ByteBuffer.allocate(6).putInt(5 * 1024 * 1024)
                .putShort((short) 10).array()));
        assertThat(bye.getReason()).isEqualTo(Goodbye.Reason.REASON_PROTOCOL_ERROR);
        assertThat(bye.getDetail()).contains("exceeds the limit");
    }

    @Test
    void flood() throws Exception {
        // The Goodbye may be lost: closing a socket whose peer is still flooding resets it, and a reset
        // discards what the peer had not read yet. The reason is always in the log.
        floodLog = null;
        Goodbye bye = misbehave(true, camera -> {
            try {
                for (int i = 0; i < 5_000; i++) {
                    camera.unit(i, i * 40_000L, 0, VIDEO.keyframe(i), VIDEO.frame(i));
                }
            } catch (IOException closedByTheGateway) {
                // expected once the gateway has had enough
            }
        });
        if (bye != null) {
            assertThat(bye.getReason()).isEqualTo(Goodbye.Reason.REASON_RATE_LIMITED);
            assertThat(bye.getDetail()).contains("media over budget");
        }
        assertThat(floodLog).anyMatch(m -> m.contains("over its media budget"));
    }

    static java.util.List<String> floodLog;

    @Test
    void unitSequenceGoingBackwardsInOneConnection() throws Exception {
        Goodbye bye = misbehave(true, camera -> {
            camera.unit(5, 0, 0, true, VIDEO.frame(0));
            camera.unit(4, 40_000, 0, false, VIDEO.frame(1));
        });
        assertThat(bye.getDetail()).contains("sequence 4 is not above the previous 5");
    }

    @Test
    void unitBothLiveOnlyAndPartOfAnEventClip() throws Exception {
        Goodbye bye = misbehave(true, camera -> camera.unit(MediaUnit.newBuilder().setSequence(0).setKeyframe(true)
                .setLiveOnly(true).setEventClip(true).build(), VIDEO.frame(0)));
        assertThat(bye.getDetail()).contains("both live only and part of an event clip");
    }

    @Test
    void clipStartThatIsNotAnEarlierUnit() throws Exception {
        Goodbye bye = misbehave(true, camera -> camera.unit(MediaUnit.newBuilder().setSequence(3).setKeyframe(true)
                .setEventClip(true).setClipFromSequence(7).build(), VIDEO.frame(0)));
        assertThat(bye.getDetail()).contains("names clip start 7");
    }

    /**
     * A good camera streams while a bad one misbehaves; returns the bad one's Goodbye (null when the
     * connection was reset before it could be read).
     */
    private static Goodbye misbehave(boolean configured, Misbehaviour misbehaviour) throws Exception {
        CameraIdentity good = node.provision();
        CameraIdentity bad = node.provision();
        long t0 = node.clock.get();
        try (LogCapture log = LogCapture.of(MediaIngest.class);
             ScriptedCamera camera = node.connect(good, 1);
             ScriptedCamera villain = node.connect(bad, 1)) {
            camera.config(VIDEO);
            camera.stream(VIDEO, 0, 40, 1_000_000, t0, 0);
            if (configured) {
                villain.config(VIDEO);
            }
            misbehaviour.run(villain);
            Goodbye bye;
            try {
                bye = villain.awaitGoodbye(WAIT);
            } catch (IOException closedWithoutGoodbye) {
                bye = null;
            }
            long end = System.nanoTime() + WAIT.toNanos();
            while (villain.isOpen() && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            assertThat(villain.isOpen()).as("the bad camera's connection is closed").isFalse();
            if (bye == null || !bye.getDetail().contains("exceeds")) {
                assertThat(log.messages()).anyMatch(m -> m.contains(bad.serial()));
            }
            floodLog = log.messages();
            // The good camera goes on; its segments keep being written and acknowledged.
            camera.stream(VIDEO, 40, 60, 1_000_000, t0, 0);
            assertThat(camera.awaitAck(74, WAIT)).isNotEmpty();
            assertThat(camera.isOpen()).isTrue();
            return bye;
        }
    }
}
