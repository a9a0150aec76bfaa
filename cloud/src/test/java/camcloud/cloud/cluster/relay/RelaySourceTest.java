package camcloud.cloud.cluster.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.archive.VideoTestCloud;
import camcloud.cloud.live.LiveHub;
import camcloud.cloud.live.LiveViewer;
import camcloud.cloud.live.ViewerOutput;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoSink;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The camera's side of a relay, without sockets: what a relay receives, that it is a live demand,
 * that a stalled link drops rather than grows, and that it ends when the camera leaves.
 */
class RelaySourceTest {

    private static final String SERIAL = "CAM-0001";

    /** A relay's socket: records what is sent; completes sends at once unless stalled. */
    private static final class Output implements ViewerOutput {
        final List<byte[]> binaries = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        final boolean stalled;
        volatile String closed;

        Output(boolean stalled) {
            this.stalled = stalled;
        }

        @Override
        public void sendBinary(ByteBuffer[] parts, Done done) {
            ByteBuffer bytes = camcloud.cloud.live.Parts.join(parts);
            byte[] b = new byte[bytes.remaining()];
            bytes.get(b);
            binaries.add(b);
            if (!stalled) {
                done.completed(null);
            }
        }

        @Override
        public void sendText(String text, Done done) {
            texts.add(text);
            if (!stalled) {
                done.completed(null);
            }
        }

        @Override
        public void close(int code, String reason) {
            closed = code + " " + reason;
        }
    }

    @Test
    void aRelayGetsTheFormatAndUnitsFromTheNextKeyframeAsSentToTheWire() {
        RelaySource source = new RelaySource(Set.of(SERIAL)::contains);
        VideoSink sink = source.open(SERIAL, 1, s -> { });
        StreamFormat format = VideoTestCloud.format();
        sink.format(format);
        send(sink, 0, 3); // before the relay: not sent
        Output out = new Output(false);
        assertThat(source.relay(SERIAL, out)).isNotNull();
        send(sink, 3, 60);

        StreamFormat received = RelayWire.readFormat(ByteBuffer.wrap(out.binaries.get(0)));
        assertThat(received.sameAs(format)).isTrue();
        assertThat(received.fps()).isEqualTo(format.fps());
        List<TimedUnit> units = new ArrayList<>();
        for (byte[] m : out.binaries.subList(1, out.binaries.size())) {
            units.add(RelayWire.readUnit(m));
        }
        assertThat(units.get(0).keyframe()).as("a relay starts at a keyframe").isTrue();
        assertThat(units.get(0).sequence()).isEqualTo(25);
        TimedUnit last = units.get(units.size() - 1);
        assertThat(last.sequence()).isEqualTo(59);
        assertThat(last.timeMicros()).isEqualTo(59 * VideoTestCloud.FRAME_MICROS);
        assertThat(last.captureWallMillis()).isEqualTo(59 * 40);
        TimedUnit original = VideoTestCloud.unit(59, 0, 0);
        assertThat(last.payload()).isEqualTo(original.payload());
        original.release();
        units.forEach(TimedUnit::release);

        sink.closed();
        assertThat(out.texts).containsExactly("{\"type\":\"offline\"}");
    }

    @Test
    void aRelayIsALiveDemandLikeAViewerHere() {
        LiveHub hub = new LiveHub();
        RelaySource source = new RelaySource(Set.of(SERIAL)::contains);
        List<Boolean> told = new CopyOnWriteArrayList<>();
        new AnyLiveDemand(hub, source).follow(SERIAL, told::add);

        LiveViewer relay = source.relay(SERIAL, new Output(false));
        LiveViewer viewer = hub.watch(SERIAL, new Output(false));
        source.stopRelaying(SERIAL, relay);
        assertThat(told).as("wanted while either watches").containsExactly(true);
        hub.stopWatching(SERIAL, viewer);
        assertThat(told).containsExactly(true, false);
        hub.close();
    }

    @Test
    void aStalledLinkDropsUnitsInsteadOfQueueingThem() {
        RelaySource source = new RelaySource(Set.of(SERIAL)::contains, 8);
        VideoSink sink = source.open(SERIAL, 1, s -> { });
        sink.format(VideoTestCloud.format());
        Output out = new Output(true);
        LiveViewer relay = source.relay(SERIAL, out);
        send(sink, 0, 500);
        assertThat(out.binaries).as("only the first send left; the others wait or were dropped").hasSize(1);
        assertThat(relay.dropped()).isGreaterThan(400);
    }

    @Test
    void relaysEndWhenTheCameraLeavesAndAreRefusedForCamerasNotHere() {
        RelaySource source = new RelaySource(Set.of(SERIAL)::contains);
        assertThat(source.relay("CAM-0002", new Output(false))).as("not connected here").isNull();
        Output out = new Output(false);
        List<Boolean> told = new CopyOnWriteArrayList<>();
        source.follow(SERIAL, told::add);
        source.relay(SERIAL, out);
        source.left(SERIAL);
        assertThat(out.closed).isEqualTo("1001 camera left this node");
        assertThat(source.relays(SERIAL)).isZero();
        assertThat(told).containsExactly(true, false);
    }

    @Test
    void malformedMessagesAreRefused() {
        byte[] format = RelayWire.format(VideoTestCloud.format());
        format[1 + 12 + 3] = 127; // an SPS longer than the message
        assertThatThrownBy(() -> RelayWire.readFormat(ByteBuffer.wrap(format)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayWire.readFormat(ByteBuffer.wrap(new byte[] {'F', 0, 0})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayWire.readUnit(new byte[] {'U', 1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void send(VideoSink sink, int from, int to) {
        for (int n = from; n < to; n++) {
            TimedUnit u = VideoTestCloud.unit(n, n * VideoTestCloud.FRAME_MICROS, n * 40L);
            try {
                sink.unit(u);
            } finally {
                u.release();
            }
        }
    }
}
