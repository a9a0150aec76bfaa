package camcloud.cloud.live;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.archive.FfmpegCheck;
import camcloud.cloud.archive.VideoTestCloud;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.video.VideoSourceSpec;
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
 * The whole frame path: a virtual camera's video app → ring → agent → TLS gateway → ingest → live
 * hub → the owner's WebSocket, which gets decodable fMP4 whose prft times are the camera's capture
 * times (same machine, so close to now).
 */
class CameraToViewerTest {

    @TempDir
    Path dir;

    @Test
    void aStreamingCameraReachesItsOwnersViewerAsDecodableFragments() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned p = cloud.provision();
            Path rings = java.nio.file.Files.createDirectories(dir.resolve("rings"));
            ApiClient owner = new ApiClient(cloud.httpBase());
            ApiClient.Response signUp = owner.signUp("watcher", "correct horse battery");
            String cookie = signUp.header("Set-Cookie").split(";", 2)[0];
            assertThat(owner.claim(p.claimCode(), "porch").status()).isEqualTo(201);

            try (LiveClient viewer = LiveClient.connect(cloud.httpBase(), p.serial(), cookie);
                 VirtualCamera camera = VirtualCamera.powerOn(p.flash(), loops,
                         AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE),
                         new CameraVideo(new VideoSourceSpec.Synthetic(VideoTestCloud.SCENE), clock, rings))) {
                LiveVideoTest.awaitBinaries(viewer, 1 + 30);
                long now = System.currentTimeMillis();
                List<byte[]> binaries = viewer.binaries();
                assertThat(viewer.texts()).anyMatch(t -> t.startsWith("{\"type\":\"codec\""));
                assertThat(Mp4Boxes.firstBoxType(binaries.get(0))).isEqualTo("ftyp");
                assertThat(Mp4Boxes.containsIdr(binaries.get(1))).isTrue();
                long previous = 0;
                for (byte[] fragment : binaries.subList(1, binaries.size())) {
                    long capture = Mp4Boxes.prftMillis(fragment);
                    assertThat(capture).isGreaterThanOrEqualTo(previous).isBetween(now - 60_000, now);
                    previous = capture;
                }
                FfmpegCheck.assumeAvailable();
                // A real camera's capture times jitter by a few ms; ffmpeg's null output would round them
                // to 1/25 s and warn about equal timestamps, so it keeps the stream's 90 kHz time base.
                FfmpegCheck.assertPlaysCleanly(LiveVideoTest.concat(binaries), "-i", "-", "-enc_time_base", "-1");
            }
        } finally {
            clock.shutdownNow();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
