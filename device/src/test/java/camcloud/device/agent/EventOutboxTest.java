package camcloud.device.agent;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.protocol.Frame;
import camcloud.protocol.v1.CameraEvent;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox on embedded channels standing for sessions: kept until acknowledged, resent, bounded. */
class EventOutboxTest {

    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void tearDown() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel session() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        return channel;
    }

    private static CameraEvent event(String id, CameraEvent.Phase phase) {
        return CameraEvent.newBuilder().setEventId(id).setPhase(phase).setType("motion").build();
    }

    /** Every frame the channel was given: event id, phase and payload bytes. */
    private static List<String> written(EmbeddedChannel channel) {
        List<String> out = new ArrayList<>();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            Frame frame = (Frame) msg;
            CameraEvent e = frame.header().getCameraEvent();
            out.add(e.getEventId() + "/" + e.getPhase().name().substring(6) + "/"
                    + new String(ByteBufUtil.getBytes(frame.payload())));
            frame.release();
        }
        return out;
    }

    @Test
    void aStartCarriesItsSnapshotAsThePayloadAndWaitsForItsAck() {
        EmbeddedChannel first = session();
        EventOutbox outbox = new EventOutbox(first.eventLoop(), 16, 1 << 20);
        outbox.sessionStarted(first);
        outbox.offer(event("a-1", CameraEvent.Phase.PHASE_START), "JPEG".getBytes());
        outbox.offer(event("a-1", CameraEvent.Phase.PHASE_END), new byte[0]);
        first.runPendingTasks();
        assertThat(written(first)).containsExactly("a-1/START/JPEG", "a-1/END/");
        assertThat(outbox.pending()).isEqualTo(2);

        outbox.acknowledged("a-1", CameraEvent.Phase.PHASE_START);
        assertThat(outbox.pending()).isEqualTo(1);
    }

    @Test
    void whatTheCloudDidNotAcknowledgeIsSentAgainOnTheNextSessionInOrder() {
        EmbeddedChannel first = session();
        EventOutbox outbox = new EventOutbox(first.eventLoop(), 16, 1 << 20);
        outbox.offer(event("a-1", CameraEvent.Phase.PHASE_START), "one".getBytes()); // raised while offline
        outbox.sessionStarted(first);
        outbox.offer(event("a-1", CameraEvent.Phase.PHASE_END), new byte[0]);
        outbox.offer(event("a-2", CameraEvent.Phase.PHASE_START), "two".getBytes());
        assertThat(written(first)).containsExactly("a-1/START/one", "a-1/END/", "a-2/START/two");
        outbox.acknowledged("a-1", CameraEvent.Phase.PHASE_START);
        outbox.sessionEnded(first);
        first.close();

        outbox.offer(event("a-2", CameraEvent.Phase.PHASE_END), new byte[0]); // offline again: kept
        EmbeddedChannel second = session();
        outbox.sessionStarted(second);
        assertThat(written(second)).containsExactly("a-1/END/", "a-2/START/two", "a-2/END/");
        assertThat(outbox.sent()).isEqualTo(6);
    }

    @Test
    void whenFullTheOldestFramesAreDroppedAndCounted() {
        EmbeddedChannel channel = session();
        EventOutbox outbox = new EventOutbox(channel.eventLoop(), 3, 1 << 20);
        for (int i = 1; i <= 5; i++) {
            outbox.offer(event("a-" + i, CameraEvent.Phase.PHASE_START), new byte[0]);
        }
        assertThat(outbox.pending()).isEqualTo(3);
        assertThat(outbox.dropped()).isEqualTo(2);
        outbox.sessionStarted(channel);
        assertThat(written(channel)).containsExactly("a-3/START/", "a-4/START/", "a-5/START/");
    }

    @Test
    void snapshotsCountAgainstTheByteBound() {
        EmbeddedChannel channel = session();
        EventOutbox outbox = new EventOutbox(channel.eventLoop(), 100, 10_000);
        for (int i = 1; i <= 4; i++) {
            outbox.offer(event("a-" + i, CameraEvent.Phase.PHASE_START), new byte[3_000]);
        }
        assertThat(outbox.pending()).isEqualTo(3);
        assertThat(outbox.dropped()).isEqualTo(1);
        // A snapshot larger than the whole outbox goes without it rather than pushing everything out.
        outbox.offer(event("big", CameraEvent.Phase.PHASE_START).toBuilder().setSnapshotType("image/jpeg").build(),
                new byte[20_000]);
        outbox.sessionStarted(channel);
        assertThat(written(channel)).last().isEqualTo("big/START/");
    }
}
