package camcloud.cloud.push;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A page that reads too slowly loses the messages that do not fit its queue; nobody waits for it. */
class PageStreamTest {

    /** A connection whose socket buffer is full until {@link #drain} (Jetty's non-blocking output as seen by us). */
    static final class SlowOutput extends ServletOutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        WriteListener listener;
        boolean ready;

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener l) {
            listener = l;
        }

        @Override
        public void write(int b) {
            written.write(b);
        }

        void drain() throws java.io.IOException {
            ready = true;
            listener.onWritePossible();
        }

        String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aPageThatCannotTakeMoreKeepsItsQueueFullDropsTheRestAndCatchesUpWhenItCan() throws Exception {
        PageStream page = new PageStream(1, "token");
        SlowOutput out = new SlowOutput();
        page.start(asyncContext(), out);
        int kept = 0;
        for (int i = 0; i < 100; i++) {
            if (page.offer(("event: n\ndata: " + i + "\n\n").getBytes(StandardCharsets.UTF_8))) {
                kept++;
            }
        }
        assertThat(kept).isEqualTo(PageStream.QUEUE);
        assertThat(page.dropped()).isEqualTo(100 - PageStream.QUEUE);
        assertThat(out.text()).isEmpty();

        out.drain();
        assertThat(out.text()).startsWith("event: n\ndata: 0\n\n").contains("data: 63\n").doesNotContain("data: 64\n");
        assertThat(page.offer("event: n\ndata: 100\n\n".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(out.text()).endsWith("data: 100\n\n");

        page.end();
        assertThat(page.done()).isDone();
        assertThat(page.offer("x".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    /** Only setTimeout is called on it. */
    private static jakarta.servlet.AsyncContext asyncContext() {
        return (jakarta.servlet.AsyncContext) Proxy.newProxyInstance(PageStreamTest.class.getClassLoader(),
                new Class<?>[] {jakarta.servlet.AsyncContext.class}, (proxy, method, args) -> null);
    }
}
