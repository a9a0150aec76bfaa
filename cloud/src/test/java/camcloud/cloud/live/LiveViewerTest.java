package camcloud.cloud.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The viewer queue's rules, with a socket whose sends complete only when the test says so. */
class LiveViewerTest {

    /** Records what was sent; holds completions until {@link #completeAll()}. */
    private static final class ManualOutput implements ViewerOutput {
        final List<String> sent = new ArrayList<>();
        final List<Done> pending = new ArrayList<>();
        boolean closed;

        @Override
        public void sendBinary(ByteBuffer[] parts, Done done) {
            ByteBuffer bytes = Parts.join(parts);
            sent.add("bin:" + bytes.get(0));
            pending.add(done);
        }

        @Override
        public void sendText(String text, Done done) {
            sent.add(text);
            pending.add(done);
        }

        @Override
        public void close(int code, String reason) {
            closed = true;
        }

        void completeAll() {
            while (!pending.isEmpty()) {
                pending.remove(0).completed(null);
            }
        }
    }

    private static LiveMessage fragment(int id, boolean keyframe) {
        return LiveMessage.binary(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {(byte) id}), true, keyframe);
    }

    @Test
    void oneSendAtATimeAndEverythingArrivesInOrderWhenTheSocketKeepsUp() {
        ManualOutput out = new ManualOutput();
        LiveViewer viewer = new LiveViewer(out, 4);
        viewer.offer(LiveMessage.status("{\"type\":\"codec\"}"));
        viewer.offer(fragment(1, true));
        viewer.offer(fragment(2, false));
        assertThat(out.sent).containsExactly("{\"type\":\"codec\"}");
        out.completeAll();
        assertThat(out.sent).containsExactly("{\"type\":\"codec\"}", "bin:1", "bin:2");
        assertThat(viewer.dropped()).isZero();
    }

    @Test
    void aFullQueueDropsWholeFragmentsUntilTheNextKeyframeAndSaysSo() {
        ManualOutput out = new ManualOutput();
        LiveViewer viewer = new LiveViewer(out, 2);
        viewer.offer(fragment(1, true));   // in flight
        viewer.offer(fragment(2, false));  // queued
        viewer.offer(fragment(3, false));  // queued: full
        viewer.offer(fragment(4, false));  // dropped
        out.completeAll();                 // 2 and 3 go out; the queue has room again
        viewer.offer(fragment(5, false));  // dropped: would not decode without 4
        viewer.offer(fragment(6, true));   // resumes here
        out.completeAll();
        assertThat(out.sent).containsExactly("bin:1", "bin:2", "bin:3",
                "{\"type\":\"dropped\",\"fragments\":2}", "bin:6");
        assertThat(viewer.dropped()).isEqualTo(2);
    }

    @Test
    void aViewerStartsAtAKeyframeWithoutCountingWhatCameBefore() {
        ManualOutput out = new ManualOutput();
        LiveViewer viewer = new LiveViewer(out, 2);
        viewer.offer(fragment(1, false));
        viewer.offer(fragment(2, true));
        out.completeAll();
        assertThat(out.sent).containsExactly("bin:2");
        assertThat(viewer.dropped()).isZero();
    }

    @Test
    void aFailedSendStopsTheViewer() {
        ManualOutput out = new ManualOutput();
        LiveViewer viewer = new LiveViewer(out, 2);
        viewer.offer(fragment(1, true));
        viewer.offer(fragment(2, false));
        out.pending.remove(0).completed(new java.io.IOException("reset by peer"));
        viewer.offer(fragment(3, false));
        assertThat(out.sent).containsExactly("bin:1");
        assertThat(viewer.isClosed()).isTrue();
    }

    @Test
    void aViewerThatLetsStatusMessagesPileUpIsClosed() {
        ManualOutput out = new ManualOutput();
        LiveViewer viewer = new LiveViewer(out, 2);
        for (int i = 0; i <= LiveViewer.MAX_CONTROL + 1; i++) {
            viewer.offer(LiveMessage.status("{\"type\":\"offline\"}"));
        }
        assertThat(out.closed).isTrue();
        assertThat(viewer.isClosed()).isTrue();
    }
}
