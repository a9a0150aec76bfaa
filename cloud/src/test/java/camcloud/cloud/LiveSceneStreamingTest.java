package camcloud.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.SceneScript;
import camcloud.device.video.SceneControl;
import camcloud.device.video.VideoSourceSpec;
import camcloud.media.testing.Ffmpeg;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera on the live scene, told mid-stream to send a bigger picture: the next unit is an IDR with
 * new parameter sets, the agent sends a new StreamConfig before it, and the cloud records the old and
 * the new size in separate segments that both play.
 */
class LiveSceneStreamingTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aResolutionChangeMidStreamIsRecordedAsSegmentsOfEachSize() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        VideoSourceSpec scene = new VideoSourceSpec.Scene(SceneScript.parse("0s object enters left speed 0.5"), null,
                LiveSceneSource.defaults(new SceneControl.Resolution(320, 180), 10, 300));
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned provisioned = cloud.provision();
            String serial = provisioned.serial();
            SegmentIndex index = new SegmentIndex(cloud.server().database());
            VirtualCamera camera = VirtualCamera.powerOn(provisioned.flash(), loops,
                    AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)
                            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)),
                    new CameraVideo(scene, clock, dir));
            try {
                assertThat(TestCloud.await(WAIT, () -> !segments(index, serial).isEmpty())).isTrue();
                SceneControl control = camera.video().sceneControl().orElseThrow();
                control.apply(LiveSceneSource.defaults(new SceneControl.Resolution(640, 360), 10, 800));
                assertThat(TestCloud.await(WAIT, () -> segments(index, serial).stream().anyMatch(s -> s.width() == 640)))
                        .as("a segment of the new size is recorded").isTrue();
            } finally {
                camera.close();
            }
            List<Segment> segments = segments(index, serial);
            assertThat(segments).extracting(Segment::width).startsWith(320).endsWith(640).containsOnly(320, 640);
            assertThat(index.gaps(serial, 0, Long.MAX_VALUE)).isEmpty();
            Ffmpeg.assumeAvailable();
            {
                for (Segment s : segments) {
                    Path file = ((camcloud.cloud.storage.LocalObjectStore) cloud.server().videoStore()).root().resolve(s.storageKey());
                    Ffmpeg.Result probe = Ffmpeg.run("ffprobe", "-v", "error", "-select_streams", "v:0",
                            "-show_entries", "stream=width,height", "-of", "csv=p=0", file.toString());
                    assertThat(probe.exitCode()).as(probe.stderr()).isZero();
                    assertThat(probe.stdout().strip()).isEqualTo(s.width() + "," + s.height());
                }
            }
        } finally {
            clock.shutdownNow();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static List<Segment> segments(SegmentIndex index, String serial) {
        return index.segments(serial, 0, Long.MAX_VALUE);
    }
}
