package camcloud.device.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.SceneScript;
import camcloud.device.video.SceneControl.Resolution;
import camcloud.device.video.VideoFrame;
import camcloud.protocol.v1.StreamConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/**
 * A live scene told to change its size or rate mid-stream: the agent learns the new format from the
 * first unit of it (an IDR with new parameter sets, whose SPS carries the rate), so the uplink sends
 * a new StreamConfig before that unit ({@link MediaUplink} sends a config whenever a unit's format
 * differs from the last one sent).
 */
class LiveSceneFormatChangeTest {

    private static FormatSlot observe(StreamFormatProbe probe, VideoFrame frame) {
        ByteBuf unit = Unpooled.wrappedBuffer(frame.annexB());
        try {
            return probe.observe(unit, frame.keyframe(), frame.captureMicros());
        } finally {
            unit.release();
        }
    }

    @Test
    void theFirstUnitOfANewSizeOrRateCarriesAFormatOfItsOwnComplete() throws Exception {
        StreamFormatProbe probe = new StreamFormatProbe();
        try (LiveSceneSource source = new LiveSceneSource(SceneScript.staticScene(),
                LiveSceneSource.defaults(new Resolution(320, 180), 30, 300))) {
            FormatSlot first = observe(probe, source.next());
            assertThat(first.config()).as("the rate is in the SPS: nothing to measure").isNotNull();
            assertThat(first.config().getWidth()).isEqualTo(320);
            assertThat(first.config().getFps()).isEqualTo(30);
            assertThat(observe(probe, source.next())).isSameAs(first);

            source.apply(LiveSceneSource.defaults(new Resolution(640, 360), 30, 800));
            FormatSlot bigger = observe(probe, source.next());
            assertThat(bigger).isNotSameAs(first);
            StreamConfig config = bigger.config();
            assertThat(config.getWidth()).isEqualTo(640);
            assertThat(config.getHeight()).isEqualTo(360);

            source.apply(LiveSceneSource.defaults(new Resolution(640, 360), 20, 800));
            FormatSlot slower = observe(probe, source.next());
            assertThat(slower).isNotSameAs(bigger);
            assertThat(slower.config().getFps()).isEqualTo(20);
        }
    }
}
